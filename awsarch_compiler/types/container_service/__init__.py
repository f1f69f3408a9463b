"""``container-service``: an ECS service on Fargate or on an EC2 capacity.

The service runs in its tier's private subnets with no public IP, behind its
own security group, with a deployment circuit breaker that rolls back. The
task definition, roles and log group are built in :mod:`.ecs_task`, the EC2
capacity in :mod:`.ecs_capacity`, service auto scaling in :mod:`.ecs_scaling`
and the semantic checks in :mod:`.ecs_checks`.

``uses: {svc: connect}`` on a container service opens its port to the user
and hands it ``SVC_HOST``/``SVC_PORT``. The host name is the service's Cloud
Map name ``svc.<architecture>.internal``: a private DNS namespace in the VPC
with an A record per running task, so it resolves for any VPC client
(instances, functions and other services alike), not only for ECS.
"""
from __future__ import annotations

from ...core.model import Edge
from ..base import ComponentType
from . import checks, deploy, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import TYPE_NAME, ContainerService


class ContainerServiceType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = ContainerService
    summary = ("ECS cluster (Fargate, or EC2 capacity with a capacity provider), task definition, task and "
               "execution roles, log group, service, auto scaling")
    layer = "compute"
    in_vpc = True
    uses_others = True
    forward_target = True
    access = MODES
    metrics = METRICS
    deploy_strategies = deploy.STRATEGIES

    def edges(self, comp: ContainerService):
        path = ("components", comp.name)
        if comp.repository:
            yield Edge("image", comp.name, comp.repository, path + ("repository",))
        if comp.scaling is not None and comp.scaling.queue:
            yield Edge("scale", comp.name, comp.scaling.queue, path + ("scaling", "queue"))

    def default_tiers(self, component):
        return ("private",)

    def target_type(self, component) -> str:
        return "ip"  # awsvpc tasks register by their ENI's IP address

    def traced(self, comp: ContainerService, arch) -> bool:
        return arch.monitoring.tracing

    def aws_services(self, component, arch) -> tuple[str, ...]:
        return checks.aws_services(component, arch)

    def check(self, component, arch):
        return checks.check(component, arch)

    def grant(self, mode, source, target: ContainerService, ctx):
        return grant_for(mode, source, target, ctx.arch)

    def deploy_actions(self, comp: ContainerService, entry, ctx, pipeline, artifact):
        return deploy.actions(comp, entry, ctx, pipeline, artifact)

    def generate(self, comp: ContainerService, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = ContainerServiceType()
