"""Stage: generate. The checked model -> troposphere resources in a :class:`Context`.

The network first (every component's subnets), then every ``uses`` edge as
a grant and every security group with its rules, then each component's own
resources (its type's ``generate``), then DNS records (or, for one region of a
multi-region architecture, the types' recovery resources), backup plans and
monitoring, which read what the components made.
"""
from __future__ import annotations

from .core.codepaths import CodePaths
from .core import parameters
from .core.context import Context
from .core.guard import compiling
from .core.model import Architecture
from .platform import backup, connections, dns, ingress, monitoring
from .platform.network import vpc
from .resilience import regional


def generate(arch: Architecture, code_paths: CodePaths | None = None, plan=None) -> Context:
    """``code_paths``: where local code paths are resolved (None: written as the DSL has them); ``plan``: the
    region's RegionPlan under disaster_recovery (DNS then lives in the global stack)."""
    ctx = Context(arch=arch, registry=dict(arch.kinds), code_paths=code_paths, recovery=plan)
    if arch.network is not None:
        vpc.generate(ctx)
    connections.resolve_grants(ctx)
    if arch.network is not None:
        connections.security_groups(ctx)
        ingress.generate(ctx)
    for comp in arch.components.values():
        with compiling(f"components.{comp.name}"):
            arch.kind(comp.name).generate(comp, ctx)
    if plan is None:
        dns.generate(ctx)
    else:
        regional.apply(ctx, plan)
    backup.generate(ctx)
    monitoring.generate(ctx)
    ctx.diagnostics += parameters.declare(ctx) + parameters.substitute(ctx)
    return ctx
