"""GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=CODE::message``.

A workflow step that prints these gets an annotation on the file's line in
the pull request. The data part escapes ``%``, CR and LF; a property value
also ``:`` and ``,`` (GitHub's own escaping rules for workflow commands).
"""
from __future__ import annotations

from typing import Iterable

from ..core.diagnostics import Diagnostic, format_path


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(diag: Diagnostic) -> str:
    props = []
    if diag.file:
        props.append(f"file={_prop(diag.file)}")
    if diag.line is not None:
        props.append(f"line={diag.line}")
        props.append(f"col={diag.col or 1}")
    props.append(f"title={_prop(diag.code)}")
    message = diag.message
    if diag.path:
        message = f"{format_path(diag.path)}: {message}"
    if diag.hint:
        message += f"\nhint: {diag.hint}"
    level = "error" if diag.is_error else "warning"
    return f"::{level} {','.join(props)}::{_data(message)}"


def render(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(command(d) + "\n" for d in diagnostics)
