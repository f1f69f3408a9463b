"""The lint cache: cfn-lint's findings for a template, kept by what decides them.

A template's findings depend only on its text, cfn-lint's version, the
region it is linted for and the rules left out; the key is a SHA-256 of
exactly those (and of this cache's format), so the cache is shared by every
architecture and every output folder, and any change of one part is a miss.
Entries are small JSON files under ``$XDG_CACHE_HOME/awsarch-compile/lint/``
(``~/.cache`` when the variable is unset), written atomically; an entry that
cannot be read or written is a miss, never an error. ``--no-cache`` neither
reads nor writes it.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path

FORMAT = 1  # bump when what an entry holds changes
FIELDS = ("rule", "severity", "message", "line", "resource")


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "awsarch-compile" / "lint"


def linter_version() -> str:
    """cfn-lint's installed version, read from its metadata (cfn-lint itself is not imported)."""
    try:
        return metadata.version("cfn-lint")
    except metadata.PackageNotFoundError:
        return "unknown"


def key(text: str, region: str, ignored: list, version: str) -> str:
    parts = json.dumps([FORMAT, version, region, sorted(ignored)], separators=(",", ":"))
    return hashlib.sha256(parts.encode("utf-8") + b"\0" + text.encode("utf-8")).hexdigest()


def _path(digest: str) -> Path:
    return folder() / digest[:2] / f"{digest}.json"


def get(digest: str) -> list | None:
    """The findings stored under ``digest`` (dicts of :data:`FIELDS`), or None."""
    try:
        entries = json.loads(_path(digest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and set(e) == set(FIELDS) for e in entries):
        return None
    return entries


def put(digest: str, findings: list) -> None:
    """Store ``findings`` (dicts of :data:`FIELDS`) under ``digest``; a failure is ignored."""
    path = _path(digest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(findings, stream, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        return
