"""The drift report's JSON Schema as a document: ``docs/drift-report.schema.json`` is this module's output.

Regenerate it after changing the report model with::

    python -m diffsync_automation.report.schema docs/drift-report.schema.json

A test fails while the committed file differs from what this module produces.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from diffsync_automation.report.model import REPORT_SCHEMA_VERSION, DriftReport

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_document() -> dict[str, Any]:
    """The report's JSON Schema (draft 2020-12), titled with the report schema version."""
    schema = DriftReport.json_schema()
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        **schema,
        "title": f"diffsync-automation drift report {REPORT_SCHEMA_VERSION}",
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(schema_document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """Write the schema to the path given, or print it when none is."""
    if argv:
        Path(argv[0]).write_text(schema_text(), encoding="utf-8")
    else:
        sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
