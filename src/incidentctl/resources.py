"""Locate the package data (schemas/, templates/) in a wheel or in a source checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The directory of package data ``name``: inside the wheel, else the checkout's."""
    installed = _HERE / name
    if installed.is_dir():
        return installed
    return _HERE.parents[1] / name


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Load one of the JSON Schemas that ship in ``schemas/``."""
    with open(data_dir("schemas") / name, encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema
