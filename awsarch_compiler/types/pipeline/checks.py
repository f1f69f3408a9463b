"""What a ``pipeline`` must satisfy: one named source, sound build steps, deployable targets."""
from __future__ import annotations

import posixpath
import re
from dataclasses import replace

from ...core.diagnostics import Diagnostic, article, error
from ...core.model import Architecture
from ...core.references import reference_errors
from .model import TYPE_NAME, Deploy, Pipeline

CONNECTION = re.compile(r"^arn:aws[a-z-]*:(codeconnections|codestar-connections):([a-z0-9-]+):[0-9]{12}:"
                        r"connection/[A-Za-z0-9-]+$")


def strategy_of(deploy: Deploy, arch: Architecture) -> Deploy:
    """The deploy entry with its strategy resolved (the target type's first when none is written)."""
    if deploy.strategy or deploy.target not in arch.components:
        return deploy
    offered = arch.kind(deploy.target).deploy_strategies
    return replace(deploy, strategy=offered[0]) if offered else deploy


def check_pipeline(comp: Pipeline, arch: Architecture) -> list[Diagnostic]:
    return (_source(comp, arch) + _builds(comp, arch) + _approval(comp, arch) + _deploys(comp, arch)
            + _duplicates(comp, arch))


def _source(comp: Pipeline, arch: Architecture) -> list[Diagnostic]:
    src, path = comp.source, ("components", comp.name, "source")
    if src.kind is None:
        named = ", ".join(src.kinds) or "none"
        return [error("E3001", f"the source must name exactly one repository, bucket or image (named: {named})",
                      path, "source: {codecommit: REPO, branch: main}, {connection: ARN, repository: owner/name}, "
                            "{bucket: NAME, key: source.zip} or {ecr: REPOSITORY-COMPONENT}")]
    missing = {"connection": ("repository", "owner/name"), "bucket": ("key", "source.zip")}.get(src.kind)
    if missing and not getattr(src, missing[0]):
        return [error("E3002", f"a {src.kind} source needs its {missing[0]}", path,
                      f"add {missing[0]}: {missing[1]}")]
    if src.kind == "ecr":
        return reference_errors(arch, src.ecr, path + ("ecr",), ("repository",), "the source image repository")
    if src.kind == "connection":
        return _connection(src.connection, arch, path + ("connection",))
    return []


def _connection(arn: str, arch: Architecture, path: tuple) -> list[Diagnostic]:
    match = CONNECTION.match(arn)
    if match is None:
        return [error("E3003", f"'{arn}' is not a CodeConnections connection ARN", path,
                      "arn:aws:codeconnections:REGION:ACCOUNT:connection/ID (Developer Tools > Settings > "
                      "Connections in the console)")]
    if arch.region and match.group(2) != arch.region:
        return [error("E3004", f"the connection is in {match.group(2)} and the architecture in {arch.region}",
                      path, f"create a connection in {arch.region}; a pipeline uses connections of its own region")]
    return []


def _step_uses(step, arch: Architecture, path: tuple) -> list[Diagnostic]:
    out = []
    for target, mode in step.uses.items():
        where = path + ("uses", target)
        found = reference_errors(arch, target, where, (), "a build step's uses target")
        if found:
            out += found
            continue
        offered = arch.kind(target).access
        if mode not in offered:
            out.append(error("E3014", f"{article(arch.components[target].type)} offers no '{mode}' access",
                             where, f"{target}: " + " | ".join(offered) if offered else
                             f"'{target}' cannot be used; remove it"))
    return out


def _builds(comp: Pipeline, arch: Architecture) -> list[Diagnostic]:
    out, seen = [], set()
    for i, step in enumerate(comp.build):
        path = comp.build_path(i)
        out += _step_uses(step, arch, path)
        if step.name in seen:
            out.append(error("E3007", f"two build steps are named '{step.name}'", path + ("name",),
                             "give each step its own name"))
        seen.add(step.name)
        if bool(step.buildspec) == bool(step.commands):
            out.append(error("E3006", f"build step '{step.name}' needs either buildspec or commands",
                             path, "buildspec: buildspec.yml, or commands: [make build]"))
        elif step.buildspec and _outside(step.buildspec):
            out.append(error("E3005", f"the buildspec '{step.buildspec}' is outside the repository",
                             path + ("buildspec",), f"a path relative to the repository root, such as "
                                                    f"{posixpath.basename(step.buildspec) or 'buildspec.yml'}"))
    if (comp.deploy or comp.test_commands) and not comp.build:
        key = "deploy" if comp.deploy else "test_commands"
        out.append(error("E3013", f"{key} needs a build step to produce what it uses", ("components", comp.name, key),
                         "add build: {buildspec: buildspec.yml}"))
    return out


def _outside(path: str) -> bool:
    normal = posixpath.normpath(path)
    return path.startswith(("/", "~", "\\")) or normal == ".." or normal.startswith("../") or ":" in path[:3]


def _approval(comp: Pipeline, arch: Architecture) -> list[Diagnostic]:
    if comp.approval is None or arch.monitoring.notify:
        return []
    return [error("E3011", "the approval has nobody to ask: monitoring.notify is empty",
                  ("components", comp.name, "approval"), "add monitoring: {notify: [you@example.com]}")]


def _deploys(comp: Pipeline, arch: Architecture) -> list[Diagnostic]:
    out = []
    for i, entry in enumerate(comp.deploy):
        path = comp.deploy_path(i)
        found = reference_errors(arch, entry.target, path + ("target",), (), "the deploy target")
        if found:
            out += found
            continue
        target, kind = arch.components[entry.target], arch.kind(entry.target)
        if not kind.deploy_strategies:
            out.append(error("E3008", f"a pipeline cannot deploy '{entry.target}', {article(target.type)}",
                             path + ("target",), "deploy a container-service, instance-group, function or "
                                                 "static-site (a database or bucket is changed by its template)"))
            continue
        entry = strategy_of(entry, arch)
        if entry.strategy not in kind.deploy_strategies:
            out.append(error("E3009", f"{article(target.type)} cannot be deployed {entry.strategy}",
                             path + ("strategy",), "strategy: " + " | ".join(kind.deploy_strategies)))
            continue
        problem = kind.deploy_problem(target, entry, arch)
        if problem:
            out.append(error("E3010", problem[0], path + ("strategy",), problem[1]))
    return out


def _duplicates(comp: Pipeline, arch: Architecture) -> list[Diagnostic]:
    """A component deployed twice: the later entry is the error (in this pipeline, or after another's)."""
    earlier = []
    for other in arch.of_type(TYPE_NAME):
        if other.name == comp.name:
            break
        earlier += [(other.name, d.target) for d in other.deploy]
    out = []
    for i, entry in enumerate(comp.deploy):
        first = next((p for p, t in earlier if t == entry.target), None)
        if first is not None:
            where = "earlier in this pipeline" if first == comp.name else f"by pipeline '{first}'"
            out.append(error("E3012", f"'{entry.target}' is already deployed {where}",
                             comp.deploy_path(i) + ("target",), "deploy each component from exactly one pipeline"))
        earlier.append((comp.name, entry.target))
    return out
