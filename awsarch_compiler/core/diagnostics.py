"""The one diagnostic type every pipeline stage reports with.

A :class:`Diagnostic` carries a stable code, a message, where it happened in the
user's file (``file:line:col``), the DSL path (``components.api.uses.db``) and a
hint. A stage collects all of its diagnostics and raises them together as an
:class:`ArchError`, so a user sees every problem of a stage in one run.

Codes: three digits for a pipeline stage (E1xx load, E2xx schema, E3xx
architecture-wide checks, E4xx generation, E5xx stack assembly and quotas,
E6xx lint, E7xx write; W-codes are warnings), four digits ``E<block><nn>``
for a component type. Each code means one thing; :mod:`.codes` and the
types' ``codes.py`` say what, and ``docs/errors.md`` lists them all.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Sequence

PathT = tuple  # tuple[str | int, ...]


def format_path(path: Sequence) -> str:
    """``("components", "api", "uses", "db")`` -> ``components.api.uses.db``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    path: PathT = ()
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" | "warning"
    at_key: bool = False  # locate at the mapping key (unknown or duplicate keys) rather than its value

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, source) -> "Diagnostic":
        """Fill file/line/col from a :class:`~awsarch_compiler.loader.Source` map."""
        if source is None or self.line is not None:
            return self
        line, col = source.key_position(self.path) if self.at_key else source.position(self.path)
        return replace(self, file=self.file or source.name, line=line, col=col)

    def format(self, source=None) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.severity} {self.code}"
        if self.path:
            text += f" at {format_path(self.path)}"
        text += f": {self.message}"
        if source is not None and self.line is not None:
            snippet = source.line_text(self.line)
            if snippet is not None:
                snippet, offset = excerpt(snippet, (self.col or 1) - 1)
                text += f"\n    {snippet}\n    {' ' * offset}^"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


SNIPPET_WIDTH = 100  # characters of a source line shown under a diagnostic


def excerpt(line: str, offset: int, width: int = SNIPPET_WIDTH) -> tuple[str, int]:
    """The part of ``line`` around ``offset`` that fits ``width``, printable, and the caret's new offset."""
    line = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in line)
    offset = min(max(offset, 0), len(line))
    if len(line) <= width:
        return line, offset
    start = max(0, min(offset - width // 2, len(line) - width))
    cut = line[start:start + width]
    head, tail = ("..." if start else ""), ("..." if start + width < len(line) else "")
    return head + cut + tail, offset - start + len(head)


def sort_key(diag: Diagnostic):
    return (diag.file or "", diag.line or 0, diag.col or 0, diag.code, diag.message)


class ArchError(Exception):
    """Raised by a stage with every error it found."""

    def __init__(self, diagnostics: Iterable[Diagnostic], source=None):
        self.diagnostics = sorted(diagnostics, key=sort_key)
        self.source = source  # the loaded file, for source snippets
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def raise_if_errors(diagnostics: Iterable[Diagnostic], source=None) -> list[Diagnostic]:
    """Locate every diagnostic; raise the errors, return the warnings."""
    located = [d.located(source) for d in diagnostics]
    errors = [d for d in located if d.is_error]
    if errors:
        raise ArchError(errors)
    return [d for d in located if not d.is_error]


def error(code: str, message: str, path: PathT = (), hint: str | None = None) -> Diagnostic:
    return Diagnostic(code=code, message=message, path=tuple(path), hint=hint)


def warning(code: str, message: str, path: PathT = (), hint: str | None = None) -> Diagnostic:
    return Diagnostic(code=code, message=message, path=tuple(path), hint=hint, severity="warning")


def article(word: str) -> str:
    """``instance-group`` -> ``an instance-group``; ``queue`` -> ``a queue``."""
    text = str(word)
    vowel = text[:1].lower() in "aeio" or (text[:1].lower() == "u" and not text.lower().startswith(("us", "uni")))
    return ("an " if vowel else "a ") + text


def one_of(words) -> str:
    """``["api", "load-balancer"]`` -> ``an api or a load-balancer``; three or more join with commas."""
    words = [article(w) for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A ``did you mean 'x'?`` hint for a near-miss key or name, or None."""
    import difflib

    choices = sorted(set(str(c) for c in choices))
    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in choices}
        if str(word).lower() in lowered:
            match = [lowered[str(word).lower()]]
    return f"did you mean '{match[0]}'?" if match else None
