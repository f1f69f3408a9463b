"""Semantic checks of a ``container-service`` and the AWS APIs it calls from its subnets."""
from __future__ import annotations

import re

from ...core.context import placement_tier
from ...core.diagnostics import did_you_mean, error
from ...core.naming import env_prefix
from ..base import uses_endpoints
from ..queue.model import TYPE_NAME as QUEUE
from ..repository.model import TYPE_NAME as REPOSITORY
from .model import from_ecr

# Fargate's valid task sizes: CPU units -> allowed memory in MiB.
FARGATE_MEMORY = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}


def graviton(instance_type: str) -> bool:
    """AWS Graviton (arm64) families carry a g after the generation digit: t4g, m7gd, c6gn, g5g."""
    return bool(re.search(r"[0-9][a-z]*g", instance_type.split(".", 1)[0]))


def aws_services(comp, arch) -> tuple[str, ...]:
    """The endpoints a service's tasks (and, on EC2, its instances) need to start and run."""
    needed = ["logs"]
    if from_ecr(comp):
        needed += ["ecr.api", "ecr.dkr", "s3"]  # image layers are served from S3
    if comp.launch == "ec2":
        needed += ["ecs", "ecs-agent", "ecs-telemetry"]
    if arch.monitoring.tracing:
        needed.append("xray")
    needed += uses_endpoints(comp, arch)
    return tuple(dict.fromkeys(needed))


def _memory_hint(cpu: int) -> str:
    allowed = FARGATE_MEMORY[cpu]
    if len(allowed) <= 4:
        listed = ", ".join(str(m) for m in allowed)
    else:
        listed = f"{allowed[0]} to {allowed[-1]} in steps of {allowed[1] - allowed[0]}"
    return f"with cpu: {cpu}, Fargate allows memory: {listed}"


def check(comp, arch):
    path = ("components", comp.name)
    if bool(comp.image) == bool(comp.repository):
        yield error("E380", "a container-service needs exactly one of image and repository", path,
                    "image: public.ecr.aws/docker/library/nginx:1.27, or repository: NAME of a repository component")
    if comp.repository:
        if comp.repository not in arch.components:
            yield error("E381", f"repository '{comp.repository}' is not a component", path + ("repository",),
                        did_you_mean(comp.repository, arch.components) or "add a component with type: repository")
        elif arch.components[comp.repository].type != REPOSITORY:
            yield error("E381", f"'{comp.repository}' is a {arch.components[comp.repository].type}, not a repository",
                        path + ("repository",), "repository: names a component with type: repository")
    if comp.launch == "fargate":
        if comp.memory not in FARGATE_MEMORY[comp.cpu]:
            yield error("E382", f"Fargate has no task size cpu: {comp.cpu} with memory: {comp.memory}",
                        path + ("memory",), _memory_hint(comp.cpu))
        if comp.instance_type:
            yield error("E383", "instance_type applies only to launch: ec2", path + ("instance_type",),
                        "remove instance_type, or set launch: ec2")
        if comp.fargate_spot and comp.architecture == "arm64":
            yield error("E383", "Fargate Spot runs only x86_64 tasks", path + ("fargate_spot",),
                        "remove fargate_spot, or set architecture: x86_64")
    else:
        if comp.fargate_spot:
            yield error("E383", "fargate_spot applies only to launch: fargate", path + ("fargate_spot",),
                        "remove fargate_spot, or set launch: fargate")
        if comp.platform_version != "LATEST":
            yield error("E383", "platform_version applies only to launch: fargate", path + ("platform_version",),
                        "remove platform_version, or set launch: fargate")
        if comp.instance_type and graviton(comp.instance_type) != (comp.architecture == "arm64"):
            wanted = "arm64" if graviton(comp.instance_type) else "x86_64"
            yield error("E383", f"instance type {comp.instance_type} runs {wanted} images, but architecture is "
                                f"{comp.architecture}", path + ("instance_type",),
                        f"set architecture: {wanted}, or pick an instance type for {comp.architecture}")
    yield from _check_capacity(comp, path)
    yield from _check_scaling(comp, arch, path)
    yield from _check_environment(comp, arch, path)
    if comp.port is None and any(mode == "connect" for _, mode in arch.users_of(comp.name)):
        user = next(c.name for c, mode in arch.users_of(comp.name) if mode == "connect")
        yield error("E386", f"'{user}' connects to '{comp.name}', which has no port",
                    ("components", user, "uses", comp.name),
                    "add port: N (the TCP port the container listens on)")
    tier = placement_tier(arch, comp, arch.kind(comp.name)) if arch.network else None
    if tier is None:
        return
    if tier.type == "public":
        yield error("E388", f"a container-service gets no public IP, so in the public tier '{tier.name}' "
                            "its tasks could not reach anything", path + ("subnets",),
                    "place it in a private tier (with a NAT gateway or VPC endpoints)")
    elif not arch.network.routes_out(tier):
        if comp.image and not from_ecr(comp):
            yield error("E388", f"tier '{tier.name}' has no route to the internet, so the image "
                                f"'{comp.image}' cannot be pulled from its public registry", path + ("image",),
                        "push it to a repository component and set repository: NAME (pulled through the ECR "
                        "endpoints), or give the tier a NAT gateway (network.nat_gateways: single)")
        if arch.monitoring.tracing:
            yield error("E388", f"monitoring.tracing runs the X-Ray daemon image from public.ecr.aws, which "
                                f"tier '{tier.name}' cannot reach without a route to the internet", path,
                        "give the tier a NAT gateway (network.nat_gateways: single), or turn tracing off")


def _check_capacity(comp, path):
    cap = comp.capacity
    if cap.min > cap.max:
        yield error("E385", f"capacity.min ({cap.min}) is above capacity.max ({cap.max})", path + ("capacity",))
    elif cap.desired is not None and not cap.min <= cap.desired <= cap.max:
        yield error("E385", f"capacity.desired ({cap.desired}) is outside {cap.min}..{cap.max}",
                    path + ("capacity", "desired"))


def _check_scaling(comp, arch, path):
    scaling = comp.scaling
    if scaling is None:
        return
    here = path + ("scaling",)
    if (scaling.queue is None) != (scaling.messages_per_task is None):
        yield error("E384", "queue scaling needs both queue and messages_per_task", here,
                    "scaling: {queue: NAME, messages_per_task: 10}")
    if scaling.queue:
        if scaling.queue not in arch.components:
            yield error("E384", f"scaling queue '{scaling.queue}' is not a component", here + ("queue",),
                        did_you_mean(scaling.queue, arch.components) or "add a component with type: queue")
        elif arch.components[scaling.queue].type != QUEUE:
            yield error("E384", f"scaling queue '{scaling.queue}' is a {arch.components[scaling.queue].type}, "
                                "not a queue", here + ("queue",))
    if scaling.request_count_target is not None:
        if not arch.edges_to(comp.name, "forward"):
            yield error("E384", "request_count_target needs a load balancer that routes to this service",
                        here + ("request_count_target",), "add a route - target: " + comp.name +
                        " to a load balancer listener, or scale on cpu_target")
    if not any(v is not None for v in (scaling.cpu_target, scaling.memory_target,
                                       scaling.request_count_target, scaling.queue)):
        yield error("E384", "scaling names no target to track", here,
                    "add cpu_target, memory_target, request_count_target or queue + messages_per_task")
    if comp.capacity.min == comp.capacity.max:
        yield error("E384", f"scaling has no room: capacity.min and capacity.max are both {comp.capacity.max}",
                    path + ("capacity",), "raise capacity.max, or remove scaling")


def _check_environment(comp, arch, path):
    from_uses = {}
    for target, mode in comp.uses.items():
        if target in arch.components:
            access = arch.kind(target).access.get(mode)
            for suffix in getattr(access, "env", ()):
                from_uses[f"{env_prefix(target)}_{suffix}"] = target
    for name in comp.environment:
        if name in from_uses:
            yield error("E387", f"environment {name} is already set by uses: {from_uses[name]}",
                        path + ("environment", name), "rename the variable, or drop it and use the value from uses")
