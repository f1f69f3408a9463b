"""The last-resort guard: an unexpected exception is a one-line report and exit code 3.

Every bad input must get a located :class:`~.diagnostics.ArchError`; an
exception of any other kind is a compiler defect. :func:`last_resort` wraps
the command line's ``main`` so that such a defect prints one line::

    awsarch-compile: internal error: KeyError: 'port' while compiling components.api; please report it ...

and exits with :data:`EXIT_INTERNAL` (distinct from 1, invalid, and 2,
usage), or, with ``--debug``, the traceback as well. The stages and the
per-component loops mark what they are doing with :func:`compiling`, which
tags an escaping exception with the innermost place (``components.api``,
``lint``) for that line.
"""
from __future__ import annotations

import functools
import sys
import traceback
from contextlib import contextmanager
from contextvars import ContextVar

from .diagnostics import ArchError

EXIT_INTERNAL = 3
DEBUG_FLAG = "--debug"
WHERE = "awsarch_where"  # the attribute an escaping exception is tagged with
_places: ContextVar[tuple] = ContextVar("awsarch_places", default=())


@contextmanager
def compiling(place: str):
    """Mark the work inside as being about ``place`` (``components.api``, ``lint``)."""
    token = _places.set(_places.get() + (place,))
    try:
        yield
    except ArchError:
        raise
    except Exception as exc:
        if not hasattr(exc, WHERE):
            try:
                setattr(exc, WHERE, place)
            except AttributeError:  # an exception type without attributes: report it unplaced
                pass
        raise
    finally:
        _places.reset(token)


def describe(exc: BaseException, limit: int = 300) -> str:
    """The one line an internal error prints."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    where = getattr(exc, WHERE, None)
    place = f" while compiling {where}" if where else ""
    return (f"awsarch-compile: internal error: {text}{place}; please report it with the architecture file "
            f"(run again with {DEBUG_FLAG} for the traceback)")


def last_resort(main):
    """Wrap a command-line ``main(argv) -> int``: an unexpected exception exits 3 with one line."""

    @functools.wraps(main)
    def guarded(argv=None) -> int:
        args = sys.argv[1:] if argv is None else list(argv)
        try:
            return main(argv)
        except Exception as exc:  # the last resort: every expected failure is an ArchError inside main
            if DEBUG_FLAG in args:
                traceback.print_exc()
            print(describe(exc), file=sys.stderr)
            return EXIT_INTERNAL

    return guarded
