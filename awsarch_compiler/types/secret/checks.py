"""Semantic checks of a ``secret``: its generated value and its rotation function."""
from __future__ import annotations

from ...core.diagnostics import error
from ...core.references import reference_errors
from ..function.model import TYPE_NAME as FUNCTION
from .model import Secret


def check(comp: Secret, arch):
    path = ("components", comp.name)
    gen = comp.generate
    if gen is not None and gen.template and not gen.key:
        yield error("E1801", "generate.template needs generate.key (the field the generated value goes in)",
                    path + ("generate", "template"), "add key: password")
    if comp.rotation is None:
        return
    fn = comp.rotation.function
    rpath = path + ("rotation", "function")
    wrong = reference_errors(arch, fn, rpath, (FUNCTION,), "rotation function")
    if wrong:
        yield from wrong
    elif arch.components[fn].uses.get(comp.name) != "read-write":
        yield error("E1802", f"rotation function '{fn}' must use '{comp.name}' with read-write", rpath,
                    f"add to {fn}:  uses: {{{comp.name}: read-write}}")
