"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for code-scanning uploads.

One run whose tool driver is awsarch-compile, a ``rules`` entry for every code
that occurs (its meaning and fix from the catalogue; a review rule's title
and fix), and one result per diagnostic located at its file, line and
column. Artifact URIs are the file names as given, relative paths kept
relative (code scanning resolves them against the repository root).
"""
from __future__ import annotations

import json
from pathlib import PurePath
from typing import Iterable
from urllib.parse import quote

from .. import __version__
from ..catalogue import catalogue
from ..core.diagnostics import Diagnostic, format_path
from ..review.catalog import RULES

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/awsarch-compile/"
HELP_FILE = "docs/errors.md"


def _uri(name: str) -> str:
    path = PurePath(name)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def rule(code: str) -> dict:
    """The ``reportingDescriptor`` of one code."""
    entry = catalogue().get(code)
    if entry is not None:
        short, text = entry.meaning, f"{entry.meaning}. Fix: {entry.fix}."
    elif code in RULES:
        short, text = RULES[code].title, f"{RULES[code].title}. Fix: {RULES[code].fix}"
    else:
        short = text = code
    return {"id": code, "shortDescription": {"text": short}, "fullDescription": {"text": text},
            "help": {"text": text}}


def result(diag: Diagnostic, index: dict) -> dict:
    text = diag.message if not diag.path else f"{format_path(diag.path)}: {diag.message}"
    if diag.hint:
        text += f" (hint: {diag.hint})"
    out = {"ruleId": diag.code, "ruleIndex": index[diag.code],
           "level": "error" if diag.is_error else "warning", "message": {"text": text}}
    if diag.file:
        physical = {"artifactLocation": {"uri": _uri(diag.file)}}
        if diag.line is not None:
            physical["region"] = {"startLine": diag.line, "startColumn": diag.col or 1}
        out["locations"] = [{"physicalLocation": physical}]
    return out


def log(diagnostics: Iterable[Diagnostic]) -> dict:
    diagnostics = list(diagnostics)
    codes = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    driver = {"name": "awsarch-compile", "version": __version__, "semanticVersion": __version__,
              "informationUri": INFORMATION_URI, "rules": [rule(c) for c in codes]}
    return {"$schema": SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "results": [result(d, index) for d in diagnostics],
                      "columnKind": "unicodeCodePoints"}]}


def render(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps(log(diagnostics), indent=2, ensure_ascii=False) + "\n"
