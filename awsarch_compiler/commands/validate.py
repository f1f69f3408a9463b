"""``awsarch-compile validate ARCH.yaml``: every stage but the write, for editors and pre-commit hooks.

Loads, validates, checks, generates, assembles and (with ``--lint``) lints
the file exactly as ``compile`` does, with the same messages and exit codes,
and writes nothing. Without ``--lint`` it takes a fraction of a second on the
examples, which is what a pre-commit hook wants.
"""
from __future__ import annotations

import argparse

from . import compile as compile_command

NAME = "validate"
SUMMARY = "check ARCH.yaml through every stage without writing (exit codes as compile)"
PROG = f"awsarch-compile {NAME}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Check an architecture file through every stage of a "
                                "compile (cfn-lint with --lint) without writing anything.",
                                epilog="Exit codes: 0 valid, 1 invalid architecture or lint error, 2 usage error, "
                                       "3 internal error. " + compile_command.DSL_HELP)
    compile_command.add_common(p)
    p.add_argument("--lint", action="store_true", help="also run cfn-lint over the compiled templates (slower)")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return compile_command.run(args, lint=args.lint, write=False)
