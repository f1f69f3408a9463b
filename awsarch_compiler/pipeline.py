"""The pipeline: load -> validate -> model -> check -> generate -> assemble -> lint -> write.

One module per stage: core.loader, schema.validate, core.model (with the
network plan), check, generate, core.stacks, core.lint, core.output.

Every stage but ``write`` is a pure function of the previous stage's output.
A stage that finds errors raises them all at once as an ArchError; nothing
is written unless every stage passed. ``environments`` is validated before
an overlay is merged (and when no ``--env`` is chosen), ``--region`` is
checked against the known regions and becomes the region every check uses,
and each stage marks itself for the internal-error guard (``core.guard``).
"""
from __future__ import annotations

import contextlib
import copy
import gc
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import check as checks
from .core import codepaths, cycles, lint, loader, model, output, overrides, regions, stacks
from .core.diagnostics import ArchError, Diagnostic, did_you_mean, raise_if_errors
from .core.guard import compiling
from .generate import generate
from .platform.network import plan
from .resilience import compile as recovery
from .review.run import review
from .schema import parameters
from .schema import validate as schema
from .schema.build import built
from .types import registry


@dataclass
class Options:
    fmt: str = "yaml"
    region: str | None = None
    lint: bool = True
    env: str | None = None
    template_url_base: str | None = None
    strict: bool = False  # review findings are errors
    cache: bool = True  # read and write the lint cache (core.lintcache)
    out_dir: str | None = None  # the output folder local code paths are written relative to (default_out_dir)


@dataclass
class Result:
    arch: model.Architecture
    files: dict  # file name -> text, root first, then manifest.json
    stats: dict  # file name -> {resources, parameters, outputs}
    findings: list
    warnings: list
    notes: list
    region: str
    timings: dict = field(default_factory=dict)
    review: list = field(default_factory=list)  # the review's findings (warnings) and suppression warnings
    placement: dict = field(default_factory=dict)  # component -> the file of the nested stack holding its resources
    lint_counts: dict = field(default_factory=dict)  # templates linted now and found in the lint cache
    root_parameters: dict = field(default_factory=dict)  # the root template's Parameters (name -> definition)
    code_paths: object = None  # core.codepaths.CodePaths of this compile
    local_code: list = field(default_factory=list)  # (DSL path, code) of every local code path


def _overlay(data: dict, source: loader.Source, env: str | None) -> dict:
    if "environments" in data:  # its shape is checked whether or not an environment is chosen
        raise_if_errors(schema.section_errors("environments", data["environments"], source), source)
    environments = data.pop("environments", None) or {}
    if env is None:
        return data
    if env not in environments:
        raise ArchError([Diagnostic("E110", f"no environment named '{env}'", ("environments",), source.name,
                                    *source.position(("environments",)),
                                    hint=did_you_mean(env, environments) or
                                    (f"environments: {', '.join(environments)}" if environments else
                                     "add an environments: section"))])

    def merge(base, patch, path):
        for key, value in patch.items():
            here = path + (key,)
            origin = ("environments", env) + here
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                merge(base[key], value, here)
            else:
                base[key] = copy.deepcopy(value)
                for table in (source.values, source.raw):  # locate overlay values at the overlay
                    for p, pos in list(table.items()):
                        if p[: len(origin)] == origin:
                            table[here + p[len(origin):]] = pos
        return base

    return merge(data, environments[env], ())


def _parameters(data: dict, source: loader.Source) -> dict:
    """The ``parameters:`` section checked, and every ``{param: NAME}`` replaced by its tagged check value."""
    if "parameters" not in data:
        return data
    raise_if_errors(schema.section_errors("parameters", data["parameters"], source), source)
    data, diags = parameters.apply(data, registry(), built())
    raise_if_errors(diags, source)
    return data


def build_model(data: dict, source: loader.Source, env: str | None = None,
                region: str | None = None, transform=None) -> model.Architecture:
    """load's output -> validated, checked model (raises ArchError); ``region`` replaces the file's, and
    ``transform`` (the secondary region's document) rewrites the overlaid document before validation."""
    with compiling("validate"):
        data = _overlay(copy.deepcopy(data), source, env)
        if region is not None:
            data["region"] = region
        if transform is not None:
            data = transform(data)
        data = _parameters(data, source)
        valid = schema.validate(data, source)
    with compiling("network"):
        tiers, plan_diags = plan.plan(valid["network"]) if valid.get("network") is not None else ([], [])
    with compiling("check"):
        arch = model.from_data(valid, registry(), tiers)
        raise_if_errors(plan_diags + checks.check(arch), source)
    return arch


GC_THRESHOLD = 100_000  # allocations between young-generation collections while compiling (Python's default: 700)
BAD_REGION = "E116"  # --region names no known region: the command line answers it as a usage error


def check_region(region: str | None, source: loader.Source) -> None:
    """``--region``: one the compiler and cfn-lint know (a usage error otherwise)."""
    problem = regions.unknown_region(region) if region is not None else None
    if problem:
        raise ArchError([Diagnostic(BAD_REGION, f"--region {region!r} is not a region the compiler knows", (),
                                    source.name, hint=problem)])


@contextlib.contextmanager
def _fewer_collections():
    """A compile allocates millions of small objects that live until it ends; Python's default cycle
    collector would walk them all again and again (half of a large compile's time). Collect rarely
    while compiling, and restore the caller's setting after."""
    before = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def compile_source(data: dict, source: loader.Source, options: Options) -> Result:
    with _fewer_collections():
        return _compile(data, source, options)


@dataclass
class Region:
    """One region's compiled templates (every compile has one; disaster_recovery: has two and a global one)."""

    files: dict
    stats: dict
    findings: list
    warnings: list
    notes: list
    region: str
    review: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    root_parameters: dict = field(default_factory=dict)  # the root template's Parameters (name -> definition)
    root_outputs: tuple = ()  # the root template's output names (another region's parameters may take them)
    placement: dict = field(default_factory=dict)
    local_code: list = field(default_factory=list)
    lint_counts: dict = field(default_factory=dict)  # templates linted now and found in the lint cache


def compile_region(arch: model.Architecture, source: loader.Source, options: Options, region: str,
                   ctx=None, reviewed: bool = True, paths=None) -> Region:
    """generate (unless ``ctx`` is given) -> assemble -> render -> lint, for ``region``."""
    t, timings = time.perf_counter(), {}
    with compiling("generate"):
        ctx = generate(arch, paths) if ctx is None else ctx
    warnings = raise_if_errors(ctx.diagnostics + regions.availability_errors(ctx.entries, region), source)
    review_warnings, review_notes = [], []
    if reviewed:
        found = review(arch, ctx, options.strict)
        review_warnings, review_notes = raise_if_errors(found.diagnostics, source), found.notes
    with compiling("assemble"):
        bundle, diags = stacks.assemble(ctx, options.template_url_base, options.fmt)
        diags += cycles.cycle_errors(arch, bundle.children) + overrides.weakening(arch.overrides)
    warnings += raise_if_errors(diags, source)
    for note in overrides.notes(arch.overrides):
        ctx.note(note)
    with compiling("render"):
        files = {tpl.file: output.render(tpl.to_dict(), options.fmt) for tpl in bundle.templates}
    sizes = {tpl.file: len(text.encode("utf-8")) for tpl, text in zip(bundle.templates, files.values())}
    warnings += raise_if_errors(stacks.check_quotas(bundle, sizes), source)
    timings["generate"] = time.perf_counter() - t
    findings, lint_counts = [], {}
    if options.lint:
        t = time.perf_counter()
        with compiling("lint"):
            run = lint.lint_all(files, region, options.cache)
            findings, lint_counts = run.findings, {"linted": run.linted, "cached": run.cached}
        owners = {}
        for tpl, name in zip(bundle.templates, files):
            owners.update({(name, logical): path for logical, path in tpl.owners.items()})
        lint_diags = [lint.to_diagnostic(f, owners) for f in findings if f.severity != "informational"]
        warnings += raise_if_errors(lint_diags, source)
        timings["lint"] = time.perf_counter() - t
    stats = {name: {"resources": len(tpl.resources), "parameters": len(tpl.parameters), "outputs": len(tpl.outputs)}
             for tpl, name in zip(bundle.templates, files)}
    placement = {path[1]: tpl.file for tpl in bundle.children for path in tpl.owners.values()
                 if len(path) > 1 and path[0] == "components"}
    return Region(files, stats, findings, warnings, list(ctx.notes) + review_notes, region, review_warnings, timings,
                  dict(bundle.root.parameters), tuple(bundle.root.outputs), placement, list(ctx.local_code_paths),
                  lint_counts)


def _compile(data: dict, source: loader.Source, options: Options) -> Result:
    timings = {}
    t0 = time.perf_counter()
    check_region(options.region, source)
    arch = build_model(data, source, options.env, options.region)
    timings["check"] = time.perf_counter() - t0
    out_dir = options.out_dir if options.out_dir is not None else default_out_dir(arch.name)
    paths = codepaths.locate(source.name, out_dir, packaged=options.template_url_base is None)
    region = options.region or arch.region or lint.DEFAULT_REGION
    if arch.disaster_recovery is not None:
        return recovery.compile_recovery(data, source, options, arch, build_model, compile_region, Result, paths)
    out = compile_region(arch, source, options, region, paths=paths)
    timings.update(out.timings)
    lint_summary = {"linted": options.lint, "region": region,
                    "errors": sum(f.severity == "error" for f in out.findings),
                    "warnings": sum(f.severity == "warning" for f in out.findings)}
    files = dict(out.files)
    files[output.MANIFEST] = output.manifest(arch.name, source.name, dict(files), out.stats, lint_summary)
    return Result(arch, files, out.stats, out.findings, out.warnings, out.notes, region, timings,
                  review=out.review, root_parameters=out.root_parameters, code_paths=paths,
                  local_code=out.local_code, placement=out.placement, lint_counts=out.lint_counts)


def compile_file(path: str | Path, options: Options | None = None) -> Result:
    data, source = loader.load_file(path)
    return compile_source(data, source, options or Options())


def default_out_dir(arch_name: str) -> Path:
    return Path("templates_out") / arch_name
