"""Compiling a multi-region architecture: the primary, the secondary and the global stack, each linted for its region.

The pipeline hands over its own steps (``build_model``, ``compile_region``, the ``Result`` class) so that
this package needs nothing of the pipeline module. The secondary's architecture is built from the same
document (``secondary.secondary_data``) and checked like any other; overrides apply where their logical
IDs exist (every one must exist in the primary). The secondary's storage stack (replica buckets, backup & restore's vault) is deployed
before the primary; under backup & restore the rest of the secondary is deployed at recovery.
"""
from __future__ import annotations

import dataclasses

from ..core.context import Context
from ..core.diagnostics import raise_if_errors
from ..core.recovery import RegionPlan
from ..generate import generate
from . import externals, global_stack, plan, storage
from .checks import primary_region
from .secondary import secondary_data


def _only_generated(ctx: Context) -> Context:
    """The context with the overrides whose logical IDs it generated (a region or the global stack)."""
    kept = {k: v for k, v in ctx.arch.overrides.items() if k in ctx.entries}
    ctx.arch = dataclasses.replace(ctx.arch, overrides=kept)
    return ctx


def compile_recovery(data, source, options, arch, build_model, compile_region, result_class, paths=None):
    dr = arch.disaster_recovery
    primary = options.region or primary_region(arch)
    plans = tuple(RegionPlan(dr, role, primary, dr.secondary, arch.name) for role in ("primary", "secondary", "storage"))
    second = build_model(data, source, options.env, None, transform=lambda d: secondary_data(d, arch, plans[1]))
    compiled = {"primary": compile_region(arch, source, options, primary, ctx=generate(arch, paths, plans[0]))}
    compiled["secondary"] = compile_region(second, source, options, dr.secondary,
                                           ctx=_only_generated(externals.substitute(generate(second, paths, plans[1]))),
                                           reviewed=False)
    storage_arch = dataclasses.replace(arch, name=f"{arch.name}-storage", overrides={})
    storage_ctx = storage.generate(storage_arch, plans[2])
    if storage_ctx.entries:
        compiled["storage"] = compile_region(storage_arch, source, options, dr.secondary, ctx=storage_ctx,
                                             reviewed=False)
    global_ctx = _only_generated(global_stack.generate(arch, plans, second))
    if global_ctx.entries:
        global_arch = dataclasses.replace(global_ctx.arch, name=f"{arch.name}-global")
        global_ctx.arch = global_arch
        compiled["global"] = compile_region(global_arch, source, options, global_stack.REGION, ctx=global_ctx,
                                            reviewed=False)
    files, stats = plan.files(compiled, plans)
    warnings = [w for out in compiled.values() for w in out.warnings]
    warnings += raise_if_errors(plan.warnings(arch, plans[1], second), source)
    findings = [f for out in compiled.values() for f in out.findings]
    notes = compiled["primary"].notes + plan.summary(arch, second, plans, compiled)
    files["manifest.json"] = plan.manifest(arch, source.name, files, stats, compiled, plans)
    first = compiled["primary"]
    return result_class(arch, files, stats, findings, warnings, notes, primary, dict(first.timings),
                        review=first.review, root_parameters=first.root_parameters, code_paths=paths,
                        local_code=first.local_code, placement=first.placement)
