"""What a pipeline gives the components it deploys: read access to its artifacts for hosts that fetch
the revision themselves (the CodeDeploy agent on an instance group)."""
from __future__ import annotations

from ...core.context import Context, Grant
from . import store
from .model import Pipeline

MODE = "deploy"  # the mode of the implied grant (not a uses mode)


def artifact_grants(comp: Pipeline, ctx: Context) -> list[Grant]:
    out = []
    for entry in comp.deploy:
        if entry.target in ctx.arch.components and ctx.kind(entry.target).deploy_pulls:
            out.append(Grant(entry.target, comp.name, MODE, statements=tuple(store.statements(comp, write=False))))
    return out
