"""Stage: check. Every semantic error of the typed model, collected at once.

The architecture-wide checks (``core.semantics``), the monitoring section's
(``platform.monitoring.checks``), the backup section's (``platform.backup.checks``), the AWS input limits (``core.inputs``) and each component type's own
(``ComponentType.check``), which reach other types only through the
architecture's edges and the hooks of ``types.base``.
"""
from __future__ import annotations

from .core import inputs, semantics
from .core.guard import compiling
from .core.diagnostics import Diagnostic
from .core.model import Architecture
from .platform import dns_checks, encryption, ingress, waf
from .platform.backup import checks as backup
from .platform.monitoring import checks as monitoring


def check(arch: Architecture) -> list[Diagnostic]:
    out = (semantics.check(arch) + monitoring.check(arch) + backup.check(arch) + encryption.check(arch)
           + inputs.check(arch) + dns_checks.check(arch) + waf.check(arch) + ingress.check(arch))
    for comp in arch.components.values():
        with compiling(f"components.{comp.name}"):
            out += list(arch.kind(comp.name).check(comp, arch))
    return out
