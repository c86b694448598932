"""One line for a YAML syntax error, naming the file, line and column: for every place that reads inventory YAML.

Works with the errors of ruamel.yaml and PyYAML alike (both carry ``problem_mark``, ``problem`` and ``context``).
"""

from __future__ import annotations

from pathlib import Path


def describe_yaml_error(exc: Exception, path: Path | str = "") -> str:
    """One line for a YAML syntax error: ``FILE:LINE:COLUMN: problem (context); fix the YAML syntax there``."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    name = str(getattr(mark, "name", "") or path)
    if not name or name.startswith("<"):
        name = str(path) or "<YAML>"
    where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark is not None else name
    problem = str(getattr(exc, "problem", None) or exc).strip()
    context = getattr(exc, "context", None)
    cause = f"{problem} ({context})" if context else problem
    return f"{where}: invalid YAML: {cause}; fix the syntax at that line and column"
