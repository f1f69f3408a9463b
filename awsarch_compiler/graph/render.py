"""SVG and PNG through Graphviz's ``dot`` (Debian package graphviz; CI installs it)."""
from __future__ import annotations

import shutil
import subprocess

FORMATS = ("svg", "png")


class NoGraphviz(Exception):
    """dot is not installed, or failed."""


def dot_program() -> str | None:
    return shutil.which("dot")


def draw(dot_text: str, fmt: str) -> bytes:
    """``dot_text`` drawn as ``fmt`` (svg or png) bytes."""
    program = dot_program()
    if program is None:
        raise NoGraphviz("Graphviz's dot is not installed (Debian/Ubuntu: apt-get install graphviz; "
                         "macOS: brew install graphviz); --format mermaid and --format dot need nothing")
    done = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True, timeout=120,
                          check=False)
    if done.returncode != 0:
        raise NoGraphviz(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout
