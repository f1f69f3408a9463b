"""The subcommands: one module per command, and the table the command line reads.

Each module has ``NAME`` (the word after ``awsarch-compile``), ``SUMMARY``
(one line for ``awsarch-compile --help``) and ``main(argv) -> int`` (its
own argument parser, messages and exit codes). ``compile`` is the default:
``awsarch-compile ARCH.yaml`` is ``awsarch-compile compile ARCH.yaml``.
A new command is a module here and a line in :data:`COMMANDS`.
"""
from __future__ import annotations

from . import compile as compile_command
from . import cost, explain, graph, init, review, schema, validate

DEFAULT = compile_command.NAME
COMMANDS = {module.NAME: module for module in (
    compile_command, validate, explain, review, cost, graph, init, schema,
)}
