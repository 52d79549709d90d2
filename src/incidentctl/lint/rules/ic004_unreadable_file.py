"""The file cannot be read as text: binary, not UTF-8, UTF-16, or too large.

Why: Prometheus reads rule files as UTF-8. A binary file, a file saved in another
encoding, or a file larger than the policy's ``lint.max_file_size_mb`` is
reported once and skipped; the other files are still linted.

Bad:

```text
a file saved as Latin-1, or a PNG renamed to rules.yaml
```

Good:

```yaml
groups: []
```

Options: none (the size limit is ``lint.max_file_size_mb`` or ``--max-file-size``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from incidentctl.findings import Severity, Violation
from incidentctl.lint.rule import Options, Target
from incidentctl.sources.prometheus import RuleFile

ID = "IC004"
NAME = "file/unreadable"
TARGET = Target.FILE
DEFAULT_SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
}


def check(target: RuleFile, options: Options) -> Iterator[Violation]:
    """Report why the file could not be read."""
    for problem in target.problems_of(ID):
        yield Violation(problem.message, problem.line, problem.column)
