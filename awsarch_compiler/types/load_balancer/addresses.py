"""Elastic IPs of an internet-facing network load balancer: one per availability zone, so that
clients can allow-list fixed addresses (new ones, or the allocation IDs the architecture gives)."""
from __future__ import annotations

from troposphere import GetAtt, ec2
from troposphere import elasticloadbalancingv2 as elb

from ...core.context import Context
from ...core.naming import logical_id
from .model import LoadBalancer


def subnet_mappings(ctx: Context, comp: LoadBalancer) -> list:
    """One SubnetMapping per subnet of the tier, each with its zone's Elastic IP."""
    subnets = ctx.subnet_refs(ctx.tier_of(comp))
    if isinstance(comp.elastic_ips, tuple):
        return [elb.SubnetMapping(SubnetId=subnet, AllocationId=allocation)
                for subnet, allocation in zip(subnets, comp.elastic_ips)]
    mappings = []
    for zone, subnet in enumerate(subnets, start=1):
        address = ec2.EIP(logical_id(comp.name, "Az", str(zone), "Eip"), Domain="vpc")
        ctx.suppress(address, "CKV2_AWS_19", "attached to the network load balancer's subnet mapping, not to an "
                                             "instance")
        ctx.add(address, comp)
        mappings.append(elb.SubnetMapping(SubnetId=subnet, AllocationId=GetAtt(address.title, "AllocationId")))
    ctx.note(f"components.{comp.name}: one Elastic IP per availability zone ({len(mappings)}); each is a public "
             "IPv4 address AWS bills by the hour")
    return mappings
