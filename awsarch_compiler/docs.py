"""Reference tables generated from the registry, kept in the README between markers.

``python -m awsarch_compiler.docs README.md`` rewrites the tables in place;
a test fails when the README and the code disagree.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from .types import registry

MARKERS = {
    "types": ("<!-- types-table:start -->", "<!-- types-table:end -->"),
    "uses": ("<!-- uses-table:start -->", "<!-- uses-table:end -->"),
    "metrics": ("<!-- metrics-table:start -->", "<!-- metrics-table:end -->"),
}


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def types_table() -> str:
    rows = ["| type | what it becomes |", "|---|---|"]
    for type_name, kind in registry().items():
        rows.append(f"| `{type_name}` | {kind.summary.replace('|', chr(92) + '|')} |")
    return "\n".join(rows)


def uses_table() -> str:
    rows = ["| target type | mode | what the user gets | environment values |", "|---|---|---|---|"]
    for type_name, kind in registry().items():
        for mode, access in kind.access.items():
            env = ", ".join(f"`<TARGET>_{suffix}`" for suffix in access.env) or "—"
            rows.append(f"| `{type_name}` | `{mode}` | {_escape(access.description)} | {env} |")
    return "\n".join(rows)


def metrics_table() -> str:
    rows = ["| component type | metric | CloudWatch metric | statistic | threshold means |", "|---|---|---|---|---|"]
    for type_name, kind in registry().items():
        for name, metric in sorted(kind.metrics.items()):
            rows.append(f"| `{type_name}` | `{name}` | {metric.namespace} {metric.name} | {metric.statistic} "
                        f"| {_escape(metric.description) or '—'} |")
    return "\n".join(rows)


TABLES = {"types": types_table, "uses": uses_table, "metrics": metrics_table}


def refresh(text: str) -> str:
    for key, (start, end) in MARKERS.items():
        body = TABLES[key]()
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: f"{start}\n{body}\n{end}", text, flags=re.S)
    return text


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0] if argv else "README.md")
    path.write_text(refresh(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
