"""Semantic checks of a ``container-service`` and the AWS APIs it calls from its subnets."""
from __future__ import annotations

import re

from ...core.context import placement_tier
from ...core.diagnostics import error
from ...core.references import reference_errors
from ...core.semantics import capacity_errors, environment_errors
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
        yield error("E2301", "a container-service needs exactly one of image and repository", path,
                    "image: public.ecr.aws/docker/library/nginx:1.27, or repository: NAME of a repository component")
    if comp.repository:
        yield from reference_errors(arch, comp.repository, path + ("repository",), (REPOSITORY,), "repository")
    if comp.launch == "fargate":
        if comp.memory not in FARGATE_MEMORY[comp.cpu]:
            yield error("E2302", f"Fargate has no task size cpu: {comp.cpu} with memory: {comp.memory}",
                        path + ("memory",), _memory_hint(comp.cpu))
        if comp.instance_type:
            yield error("E2303", "instance_type applies only to launch: ec2", path + ("instance_type",),
                        "remove instance_type, or set launch: ec2")
        if comp.fargate_spot and comp.architecture == "arm64":
            yield error("E2304", "Fargate Spot runs only x86_64 tasks", path + ("fargate_spot",),
                        "remove fargate_spot, or set architecture: x86_64")
    else:
        if comp.fargate_spot:
            yield error("E2305", "fargate_spot applies only to launch: fargate", path + ("fargate_spot",),
                        "remove fargate_spot, or set launch: fargate")
        if comp.platform_version != "LATEST":
            yield error("E2306", "platform_version applies only to launch: fargate", path + ("platform_version",),
                        "remove platform_version, or set launch: fargate")
        if comp.instance_type and graviton(comp.instance_type) != (comp.architecture == "arm64"):
            wanted = "arm64" if graviton(comp.instance_type) else "x86_64"
            yield error("E2307", f"instance type {comp.instance_type} runs {wanted} images, but architecture is "
                                 f"{comp.architecture}", path + ("instance_type",),
                        f"set architecture: {wanted}, or pick an instance type for {comp.architecture}")
    yield from capacity_errors(comp.capacity, path)
    yield from _check_scaling(comp, arch, path)
    yield from environment_errors(comp, comp.environment, arch, path)
    tier = placement_tier(arch, comp, arch.kind(comp.name)) if arch.network else None
    if tier is None:
        return
    if tier.type == "public":
        yield error("E2308", f"a container-service gets no public IP, so in the public tier '{tier.name}' "
                             "its tasks could not reach anything", path + ("subnets",),
                    "place it in a private tier (with a NAT gateway or VPC endpoints)")
    elif not arch.network.routes_out(tier):
        if comp.image and not from_ecr(comp):
            yield error("E2309", f"tier '{tier.name}' has no route to the internet, so the image "
                                 f"'{comp.image}' cannot be pulled from its public registry", path + ("image",),
                        "push it to a repository component and set repository: NAME (pulled through the ECR "
                        "endpoints), or give the tier a NAT gateway (network.nat_gateways: single)")
        if arch.monitoring.tracing:
            yield error("E2310", f"monitoring.tracing runs the X-Ray daemon image from public.ecr.aws, which "
                                 f"tier '{tier.name}' cannot reach without a route to the internet", path,
                        "give the tier a NAT gateway (network.nat_gateways: single), or turn tracing off")


def _check_scaling(comp, arch, path):
    scaling = comp.scaling
    if scaling is None:
        return
    here = path + ("scaling",)
    if (scaling.queue is None) != (scaling.messages_per_task is None):
        yield error("E2311", "queue scaling needs both queue and messages_per_task", here,
                    "scaling: {queue: NAME, messages_per_task: 10}")
    if scaling.queue:
        yield from reference_errors(arch, scaling.queue, here + ("queue",), (QUEUE,), "scaling queue")
    if scaling.request_count_target is not None:
        if not arch.edges_to(comp.name, "forward"):
            yield error("E2312", "request_count_target needs a load balancer that routes to this service",
                        here + ("request_count_target",), "add a route - target: " + comp.name +
                        " to a load balancer listener, or scale on cpu_target")
    if not any(v is not None for v in (scaling.cpu_target, scaling.memory_target,
                                       scaling.request_count_target, scaling.queue)):
        yield error("E2313", "scaling names no target to track", here,
                    "add cpu_target, memory_target, request_count_target or queue + messages_per_task")
    if comp.capacity.min == comp.capacity.max:
        yield error("E2314", f"scaling has no room: capacity.min and capacity.max are both {comp.capacity.max}",
                    path + ("capacity",), "raise capacity.max, or remove scaling")
