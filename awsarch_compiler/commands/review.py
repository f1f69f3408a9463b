"""``awsarch-compile review ARCH.yaml [--env NAME] [--strict] [--format text|json]``."""
from __future__ import annotations

import argparse
import json
import sys

from .. import inspection
from ..core.diagnostics import raise_if_errors
from ..review.catalog import RULES
from ..review.rules import PILLARS
from ..review.run import review

NAME = "review"
SUMMARY = "the Well-Architected review of the file's architecture"
PROG = f"awsarch-compile {NAME}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Well-Architected review of an architecture file.",
                                epilog="Exit codes: 0 reviewed (1 with --strict and findings), 1 invalid file, "
                                       "2 usage error. Rules: docs/review-rules.md.")
    p.add_argument("arch", metavar="ARCH.yaml")
    p.add_argument("--env", metavar="NAME", help="apply the named overlay from the file's environments")
    p.add_argument("--strict", action="store_true", help="findings are errors (exit 1)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def as_json(result) -> str:
    rows = [{"rule": r.id, "pillar": PILLARS[r.pillar], "severity": r.severity, "title": r.title,
             "component": f.component, "path": list(f.path), "message": f.message, "fix": r.fix,
             "suppressed": reason} for r, f, reason in
            [(r, f, None) for r, f in result.findings] + list(result.suppressed)]
    return json.dumps({"rules": len(RULES), "findings": rows}, indent=2) + "\n"


def summary(result) -> str:
    counts = {s: sum(r.severity == s for r, _ in result.findings) for s in ("high", "medium", "low")}
    text = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"
    lines = [f"{len(RULES)} rules: {len(result.findings)} findings ({text}), {len(result.suppressed)} suppressed"]
    lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parser().parse_args(argv)

    def body() -> int:
        arch, ctx, source = inspection.load(args.arch, args.env)
        result = review(arch, ctx, args.strict)
        located = [d.located(source) for d in result.diagnostics]
        if args.format == "json":
            raise_if_errors([d for d in located if d.code not in RULES], source)  # bad suppressions
            sys.stdout.write(as_json(result))
        else:
            for diag in located:
                print(diag.format(source))
            print(summary(result))
        failed = any(d.is_error for d in located)
        return inspection.EXIT_INVALID if failed else inspection.EXIT_OK

    return inspection.run(PROG, body)
