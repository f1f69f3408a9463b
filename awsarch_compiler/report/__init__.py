"""Diagnostics for people and for machines: ``--diagnostics-format text|json|sarif|github``.

``text`` is the compiler's usual located message with the source line and the
hint, on standard error. The machine formats write one document to standard
output (the summary moves to standard error, so the output can be piped):

- ``json``: ``{"diagnostics": [{code, severity, message, file, line, col, path, hint}, ...]}``
- ``sarif``: a SARIF 2.1.0 log (:mod:`.sarif`) for code-scanning uploads
- ``github``: GitHub Actions workflow commands (:mod:`.github`), one annotation per diagnostic
"""
from __future__ import annotations

import json
from typing import Iterable

from ..core.diagnostics import Diagnostic, format_path
from . import github, sarif

FORMATS = ("text", "json", "sarif", "github")


def as_dict(diag: Diagnostic) -> dict:
    return {"code": diag.code, "severity": diag.severity, "message": diag.message, "file": diag.file,
            "line": diag.line, "col": diag.col, "path": format_path(diag.path) if diag.path else None,
            "hint": diag.hint}


def as_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps({"diagnostics": [as_dict(d) for d in diagnostics]}, indent=2) + "\n"


def as_text(diagnostics: Iterable[Diagnostic], source=None) -> str:
    return "".join(d.format(source) + "\n" for d in diagnostics)


def render(fmt: str, diagnostics: Iterable[Diagnostic], source=None) -> str:
    """The diagnostics in ``fmt`` (one of :data:`FORMATS`)."""
    diagnostics = list(diagnostics)
    if fmt == "json":
        return as_json(diagnostics)
    if fmt == "sarif":
        return sarif.render(diagnostics)
    if fmt == "github":
        return github.render(diagnostics)
    return as_text(diagnostics, source)
