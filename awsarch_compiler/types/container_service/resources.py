"""The ECS cluster and service of a ``container-service``, its load-balancer registrations and its
Cloud Map name; the task definition is in ``task.py``, the EC2 capacity in ``capacity.py`` and
service auto scaling in ``scaling.py``."""
from __future__ import annotations

from troposphere import GetAtt, Ref, ecs, servicediscovery

from ...core.context import Context
from ...core.naming import logical_id
from . import capacity as ec2_capacity
from . import scaling
from . import task as task_definition
from .model import (
    NAMESPACE_ID,
    ContainerService,
    cluster_id,
    namespace_name,
    service_id,
)


def generate(comp: ContainerService, ctx: Context) -> None:
    cluster = ecs.Cluster(cluster_id(comp.name), ClusterSettings=[
        ecs.ClusterSetting(Name="containerInsights", Value="enabled")])
    if comp.launch == "fargate" and comp.fargate_spot:
        cluster.CapacityProviders = ["FARGATE", "FARGATE_SPOT"]
    ctx.add(cluster, comp)
    task = task_definition.task_definition(comp, ctx)
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
        provider, association = ec2_capacity.generate(comp, ctx, cluster.title)
        service.CapacityProviderStrategy = [ecs.CapacityProviderStrategyItem(CapacityProvider=Ref(provider), Weight=1)]
        service.PlacementStrategies = [ecs.PlacementStrategy(Type="spread", Field="attribute:ecs.availability-zone")]
        depends.append(association)
    registrations, listeners = _load_balancers(comp, ctx)
    if registrations:
        service.LoadBalancers = registrations
        grace = comp.health_check.grace_period
        service.HealthCheckGracePeriodSeconds = grace
        depends += listeners
    if any(g.mode == "connect" for g in ctx.grants_to(comp.name)):
        service.ServiceRegistries = [ecs.ServiceRegistry(RegistryArn=GetAtt(_discovery(comp, ctx), "Arn"))]
    if depends:
        service.DependsOn = sorted(set(depends))
    ctx.add(service, comp)
    scaling.generate(comp, ctx)


def _load_balancers(comp: ContainerService, ctx: Context):
    """Target-group registrations of every load balancer routing here, and their listeners' IDs."""
    registrations, listeners = [], []
    for edge in ctx.arch.edges_to(comp.name, "forward"):
        listeners += edge.detail.routing
        registrations.append(ecs.LoadBalancer(
            ContainerName=comp.name, ContainerPort=comp.port, TargetGroupArn=Ref(edge.detail.target_group)))
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
