"""The README's diagrams: every example's Mermaid flowchart, generated from its file."""
from __future__ import annotations

from pathlib import Path

from .. import inspection
from . import mermaid
from .model import diagram

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"  # the repository's examples/, beside the package


def example_diagram(path: Path) -> str:
    arch, _, _ = inspection.load(str(path))
    return mermaid.render(diagram(arch))


def diagrams_section(examples: Path = EXAMPLES) -> str:
    """One heading and one ```mermaid block per example, in file-name order."""
    out = []
    for path in sorted(examples.glob("*.yaml")):
        out += [f"#### `examples/{path.name}`", "", "```mermaid", example_diagram(path).rstrip(), "```", ""]
    return "\n".join(out).rstrip()
