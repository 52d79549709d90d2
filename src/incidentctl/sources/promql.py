"""PromQL parsing (promql-parser, a Rust implementation of the Prometheus grammar).

Parsed once per distinct expression and shared by every rule that needs the tree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import promql_parser


@lru_cache(maxsize=65536)
def parse(expr: str) -> Any:
    """Return the expression's syntax tree, or the parser's error message as a str."""
    try:
        return promql_parser.parse(expr)
    except ValueError as exc:
        return str(exc) or "invalid PromQL expression"
    except Exception as exc:
        return f"invalid PromQL expression ({type(exc).__name__}: {exc})"
