"""``awsarch-compile init --pattern PATTERN [-o FILE]``: a commented starter architecture file.

Each pattern (``patterns/<pattern>.yaml`` in this package) is a small,
commented architecture that compiles as written. ``init`` writes it with the
``yaml-language-server`` modeline that points at the installed schema from
the new file's folder (or ``--schema REF``), and the ``name:`` of ``--name``.
It never overwrites a file unless ``--force`` is given.
"""
from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from pathlib import Path

from ..schema.build import built
from .schema import MODELINE, reference_from

NAME = "init"
SUMMARY = "write a commented starter architecture file (--pattern three-tier, containers, ...)"
PROG = f"awsarch-compile {NAME}"
PATTERNS = ("three-tier", "containers", "serverless-api", "event-driven", "jamstack")


def pattern_text(pattern: str) -> str:
    return resources.files(__package__).joinpath("patterns", f"{pattern}.yaml").read_text(encoding="utf-8")


def starter(pattern: str, schema_ref: str, name: str | None = None) -> str:
    """The starter file's text: modeline, then the pattern with ``name`` set."""
    text = pattern_text(pattern)
    if name:
        text = re.sub(r"^name: \S+", f"name: {name}", text, count=1, flags=re.MULTILINE)
    return f"{MODELINE}{schema_ref}\n{text}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Write a commented starter architecture file.",
                                epilog="Exit codes: 0 written, 2 usage error (an existing file without --force).")
    p.add_argument("--pattern", choices=PATTERNS, required=True, help="the architecture to start from")
    p.add_argument("-o", "--out", metavar="FILE", default="arch.yaml",
                   help="the file to write (default arch.yaml; - for standard output)")
    p.add_argument("--name", help="the architecture's name (lowercase letters, digits and hyphens)")
    p.add_argument("--schema", metavar="REF", help="the modeline's schema reference (default: the installed "
                                                   "schema, relative to the new file's folder)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    pattern = built()["properties"]["name"]["pattern"]
    if args.name is not None and not re.search(pattern, args.name):
        print(f"{PROG}: error: --name {args.name!r}: 2 to 32 lower-case letters, digits and hyphens, "
              f"starting with a letter (the schema's {pattern})", file=sys.stderr)
        return 2
    to_stdout = args.out == "-"
    target = Path(args.out)
    ref = args.schema or reference_from(Path.cwd() if to_stdout else target.parent)
    text = starter(args.pattern, ref, args.name)
    if to_stdout:
        sys.stdout.write(text)
        return 0
    if target.exists() and not args.force:
        print(f"{PROG}: error: {target} exists; choose another -o FILE or add --force", file=sys.stderr)
        return 2
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{PROG}: error: cannot write {target}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {target} ({args.pattern}); compile it with: awsarch-compile {target}")
    return 0
