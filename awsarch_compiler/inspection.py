"""What the model-level subcommands (review, cost, graph) share: load a file, report its errors.

:func:`load` reads the file, applies ``--env``, validates and checks it and
generates its resources (no stack assembly, no lint): the checked model and
the generation context the tools read. :func:`run` turns a located
:class:`ArchError` into the compiler's messages and exit codes.
"""
from __future__ import annotations

import sys
from typing import Callable

from .core import loader
from .core.context import Context
from .core.diagnostics import ArchError, raise_if_errors
from .core.model import Architecture
from .generate import generate
from .pipeline import build_model

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def load_data(data: dict, source, env: str | None = None) -> tuple[Architecture, Context]:
    """The checked model of loaded data under ``env``, and its generated resources (raises ArchError)."""
    try:
        arch = build_model(data, source, env)
        ctx = generate(arch)
        raise_if_errors(ctx.diagnostics, source)
    except ArchError as exc:
        exc.source = exc.source or source  # for the source line under each message
        raise
    return arch, ctx


def load(path: str, env: str | None = None) -> tuple[Architecture, Context, loader.Source]:
    data, source = loader.load_file(path)
    arch, ctx = load_data(data, source, env)
    return arch, ctx, source


def run(prog: str, body: Callable[[], int]) -> int:
    """``body()``'s exit code; an ArchError prints every diagnostic and exits 1 (2: unreadable file)."""
    try:
        return body()
    except ArchError as exc:
        for diag in exc.diagnostics:
            print(diag.format(exc.source), file=sys.stderr)
        unreadable = len(exc.diagnostics) == 1 and exc.diagnostics[0].code == loader.UNREADABLE
        if not unreadable:
            count = len(exc.diagnostics)
            print(f"{prog}: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return EXIT_USAGE if unreadable else EXIT_INVALID
