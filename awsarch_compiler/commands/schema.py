"""``awsarch-compile schema [--path]``: the DSL's JSON Schema, or where the installed copy is.

The schema ships inside the package (``awsarch_compiler/schema/awsarch.schema.json``,
the same file as the repository's ``schemas/awsarch.schema.json``), so an editor
can point at it from any folder: ``--path`` prints its absolute path, and
``--modeline`` the ``# yaml-language-server: $schema=...`` first line for a file.
"""
from __future__ import annotations

import argparse
import os
import sys
from importlib import resources
from pathlib import Path

from ..schema.build import PACKAGED, published, render

NAME = "schema"
SUMMARY = "print the DSL's JSON Schema (--path: where the installed copy is, for editors)"
PROG = f"awsarch-compile {NAME}"
MODELINE = "# yaml-language-server: $schema="


def installed_path() -> Path:
    """The schema file inside the installed package."""
    return Path(str(resources.files("awsarch_compiler.schema").joinpath(PACKAGED)))


def reference_from(folder: Path) -> str:
    """The schema's path relative to ``folder`` (absolute when no relative path exists)."""
    target = installed_path().resolve()
    try:
        return Path(os.path.relpath(target, folder.resolve())).as_posix()
    except ValueError:  # another drive
        return target.as_posix()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Print the architecture file's JSON Schema.",
                                epilog="Exit codes: 0 printed, 2 usage error.")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--path", action="store_true", help="print the installed schema file's absolute path")
    group.add_argument("--modeline", metavar="FILE",
                       help="print the yaml-language-server first line for an architecture file at FILE")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.path:
        print(installed_path().resolve())
    elif args.modeline:
        print(MODELINE + reference_from(Path(args.modeline).parent))
    else:
        sys.stdout.write(render(published()))
    return 0
