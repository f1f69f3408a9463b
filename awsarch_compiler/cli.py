"""``awsarch-compile [COMMAND] ...``: the subcommand table, and ``compile`` when no command is named.

Exit codes (every command): 0 ok, 1 invalid architecture, 2 usage error,
3 internal error (an unexpected exception, reported in one line by the guard).
"""
from __future__ import annotations

import sys

from . import __version__
from .commands import COMMANDS, DEFAULT
from .commands.compile import DSL_HELP
from .core import guard

EXIT_USAGE = 2


def overview() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: awsarch-compile [COMMAND] ARCH.yaml [options]", "",
             "Compile a declarative architecture file into nested, lint-clean CloudFormation templates.", "",
             "commands (awsarch-compile COMMAND --help for each; ARCH.yaml alone means compile):"]
    lines += [f"  {name:<{width}}  {module.SUMMARY}" for name, module in COMMANDS.items()]
    lines += ["", DSL_HELP,
              "Exit codes: 0 ok, 1 invalid architecture or lint error, 2 usage error, 3 internal error."]
    return "\n".join(lines) + "\n"


@guard.last_resort
def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]].main(argv[1:])
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(overview())
        return 0
    if argv and argv[0] == "--version":
        print(f"awsarch-compile {__version__}")
        return 0
    if not argv:
        sys.stderr.write(overview())
        print("awsarch-compile: error: name an architecture file or a command", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    return COMMANDS[DEFAULT].main(argv)


if __name__ == "__main__":
    sys.exit(main())
