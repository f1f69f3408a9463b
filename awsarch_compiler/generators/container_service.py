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

from dataclasses import dataclass, field
from typing import Mapping, Optional

from troposphere import GetAtt, Ref, ecs, servicediscovery

from ..core.context import Context, Grant
from ..core.model import Component, empty
from ..core.naming import env_prefix, logical_id
from . import ecs_capacity, ecs_checks, ecs_scaling, ecs_task, load_balancer, register
from .base import AccessMode, ComponentType, Metric
from .instance_group import Capacity  # the shared capacity and health check shapes ($defs/capacity, health_check)
from .load_balancer import HealthCheck

NAMESPACE_ID = "ServiceDiscoveryNamespace"


@dataclass(frozen=True, kw_only=True)
class Scaling:
    cpu_target: Optional[float] = None
    memory_target: Optional[float] = None
    request_count_target: Optional[int] = None
    queue: Optional[str] = None
    messages_per_task: Optional[int] = None
    scale_in_cooldown: int = 300
    scale_out_cooldown: int = 60


@dataclass(frozen=True, kw_only=True)
class ContainerHealthCheck:
    command: str
    interval: int = 30
    timeout: int = 5
    retries: int = 3
    start_period: int = 0


@dataclass(frozen=True, kw_only=True)
class ContainerService(Component):
    launch: str = "fargate"
    instance_type: Optional[str] = None
    architecture: str = "x86_64"
    image: Optional[str] = None
    repository: Optional[str] = None
    command: tuple[str, ...] = ()
    port: Optional[int] = None
    cpu: int = 256
    memory: int = 512
    fargate_spot: int = 0
    platform_version: str = "LATEST"
    capacity: Capacity = field(default_factory=lambda: Capacity(min=1, max=2))
    scaling: Optional[Scaling] = None
    health_check: Optional[HealthCheck] = None
    container_health_check: Optional[ContainerHealthCheck] = None
    environment: Mapping[str, str] = empty()
    user: Optional[str] = None
    writable_root: bool = False
    log_retention_days: int = 365


def cluster_id(name: str) -> str:
    return logical_id(name, "Cluster")


def service_id(name: str) -> str:
    return logical_id(name, "Service")


def service_host(comp: Component, arch) -> str:
    """The Cloud Map DNS name of the service's tasks: ``api.shop.internal``."""
    return f"{comp.name}.{namespace_name(arch)}"


def namespace_name(arch) -> str:
    return f"{arch.name}.internal"


def _dimensions(comp, ctx):
    return {"ClusterName": Ref(cluster_id(comp.name)), "ServiceName": GetAtt(service_id(comp.name), "Name")}


@register
class ContainerServiceType(ComponentType):
    type_name = "container-service"
    spec = ContainerService
    layer = "compute"
    in_vpc = True
    access = {
        "connect": AccessMode("TCP on its port from the user's security group; its Cloud Map name "
                              "<name>.<architecture>.internal", ("HOST", "PORT")),
    }
    metrics = {
        "cpu": Metric("AWS/ECS", "CPUUtilization", _dimensions, description="Average service CPU utilisation, percent"),
        "memory": Metric("AWS/ECS", "MemoryUtilization", _dimensions,
                         description="Average service memory utilisation, percent"),
        "running_tasks": Metric("ECS/ContainerInsights", "RunningTaskCount", _dimensions,
                                comparison="LessThanThreshold", description="Running tasks (alarm below the threshold)"),
    }

    def default_tiers(self, component):
        return ("private",)

    def target_type(self, component) -> str:
        return "ip"  # awsvpc tasks register by their ENI's IP address

    def aws_services(self, component, arch) -> tuple[str, ...]:
        return ecs_checks.aws_services(component, arch)

    def check(self, component, arch):
        return ecs_checks.check(component, arch)

    def grant(self, mode, source, target: ContainerService, ctx) -> Grant:
        prefix = env_prefix(target.name)
        return Grant(source.name, target.name, mode, port=target.port,
                     env=((f"{prefix}_HOST", service_host(target, ctx.arch)), (f"{prefix}_PORT", str(target.port))))

    def generate(self, comp: ContainerService, ctx: Context) -> None:
        cluster = ecs.Cluster(cluster_id(comp.name), ClusterSettings=[
            ecs.ClusterSetting(Name="containerInsights", Value="enabled")])
        if comp.launch == "fargate" and comp.fargate_spot:
            cluster.CapacityProviders = ["FARGATE", "FARGATE_SPOT"]
        ctx.add(cluster, comp)
        task = ecs_task.task_definition(comp, ctx)
        tier = ctx.tier_of(comp)
        network = ecs.AwsvpcConfiguration(Subnets=ctx.subnet_refs(tier), SecurityGroups=[ctx.security_group(comp.name)])
        capacity = comp.capacity
        service = ecs.Service(
            service_id(comp.name), Cluster=Ref(cluster), TaskDefinition=Ref(task),
            DesiredCount=capacity.desired if capacity.desired is not None else capacity.min,
            NetworkConfiguration=ecs.NetworkConfiguration(AwsvpcConfiguration=network),
            DeploymentConfiguration=ecs.DeploymentConfiguration(
                DeploymentCircuitBreaker=ecs.DeploymentCircuitBreaker(Enable=True, Rollback=True),
                MinimumHealthyPercent=100, MaximumPercent=200),
            PropagateTags="SERVICE", EnableECSManagedTags=True,
        )
        depends = []
        if comp.launch == "fargate":
            network.AssignPublicIp = "DISABLED"
            service.PlatformVersion = comp.platform_version
            if comp.fargate_spot:
                service.CapacityProviderStrategy = [
                    ecs.CapacityProviderStrategyItem(CapacityProvider="FARGATE", Base=capacity.min,
                                                     Weight=100 - comp.fargate_spot),
                    ecs.CapacityProviderStrategyItem(CapacityProvider="FARGATE_SPOT", Weight=comp.fargate_spot)]
                ctx.note(f"components.{comp.name}.fargate_spot: {comp.fargate_spot} % of the tasks above "
                         f"{capacity.min} run on interruptible Fargate Spot")
            else:
                service.LaunchType = "FARGATE"
        else:
            provider, association = ecs_capacity.generate(comp, ctx, cluster.title)
            service.CapacityProviderStrategy = [ecs.CapacityProviderStrategyItem(CapacityProvider=Ref(provider), Weight=1)]
            service.PlacementStrategies = [ecs.PlacementStrategy(Type="spread", Field="attribute:ecs.availability-zone")]
            depends.append(association)
        registrations, listeners = _load_balancers(comp, ctx)
        if registrations:
            service.LoadBalancers = registrations
            grace = comp.health_check.grace_period if comp.health_check else 300
            service.HealthCheckGracePeriodSeconds = grace
            depends += listeners
        if any(g.mode == "connect" for g in ctx.grants_to(comp.name)):
            service.ServiceRegistries = [ecs.ServiceRegistry(RegistryArn=GetAtt(_discovery(comp, ctx), "Arn"))]
        if depends:
            service.DependsOn = sorted(set(depends))
        ctx.add(service, comp)
        ecs_scaling.generate(comp, ctx)


def _load_balancers(comp: ContainerService, ctx: Context):
    """Target-group registrations of every load balancer routing here, and their listeners' IDs."""
    registrations, listeners, seen = [], [], set()
    for lb, listener in ctx.routes_to(comp.name):
        if lb.name in seen:
            continue
        seen.add(lb.name)
        listeners += load_balancer.routing_resources(lb, comp.name)
        registrations.append(ecs.LoadBalancer(
            ContainerName=comp.name, ContainerPort=comp.port,
            TargetGroupArn=Ref(load_balancer.target_group_id(lb.name, comp.name))))
    return registrations, listeners


def _discovery(comp: ContainerService, ctx: Context) -> str:
    """The Cloud Map service that gives the tasks the DNS name ``<name>.<architecture>.internal``."""
    if NAMESPACE_ID not in ctx.entries:
        ctx.add(servicediscovery.PrivateDnsNamespace(
            NAMESPACE_ID, Name=namespace_name(ctx.arch), Vpc=ctx.vpc_ref(),
            Description=f"{ctx.arch.name}: service names reachable inside the VPC"), comp)
    discovery = servicediscovery.Service(
        logical_id(comp.name, "DiscoveryService"), Name=comp.name,
        Description=f"{comp.name}: one A record per running task",
        DnsConfig=servicediscovery.DnsConfig(
            NamespaceId=GetAtt(NAMESPACE_ID, "Id"), RoutingPolicy="MULTIVALUE",
            DnsRecords=[servicediscovery.DnsRecord(Type="A", TTL=10)]),
        HealthCheckCustomConfig=servicediscovery.HealthCheckCustomConfig(FailureThreshold=1))
    ctx.add(discovery, comp)
    return discovery.title
