"""The one check for a reference to another component: it exists, and is of a fitting type."""
from __future__ import annotations

from .diagnostics import Diagnostic, article, did_you_mean, error, one_of
from .model import Architecture


def reference_errors(arch: Architecture, name: str, path: tuple, allowed_types: tuple, what: str) -> list[Diagnostic]:
    """Errors for a reference to component ``name`` that must exist (and be one of ``allowed_types``).

    Every reference in the file is checked here, whoever declares it, so each of the two meanings has one
    code: E301 (no such component) and E302 (a component of a type that cannot serve there).
    """
    if name not in arch.components:
        return [error("E301", f"{what} '{name}' is not a component", path,
                      did_you_mean(name, arch.components) or
                      (f"components: {', '.join(arch.components)}" if arch.components else "add it under components:"))]
    actual = arch.components[name].type
    if allowed_types and actual not in allowed_types:
        fitting = [n for n, c in arch.components.items() if c.type in allowed_types]
        return [error("E302", f"{what} '{name}' is {article(actual)}; it must be {one_of(allowed_types)}", path,
                      f"fitting components: {', '.join(fitting)}" if fitting else
                      f"add {article(allowed_types[0])} component to point at")]
    return []
