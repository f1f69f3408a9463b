"""HTTP API routes to internal load balancers: a VPC link and private integrations.

The VPC link's network interfaces sit in the load balancer's subnets with
the API's own security group, whose only egress is the listener port on the
load balancer's group; the load balancer's group admits exactly that group.
"""
from __future__ import annotations

from troposphere import GetAtt, Ref
from troposphere import apigatewayv2 as v2
from troposphere.ec2 import SecurityGroup, SecurityGroupEgress

from ...core.context import Context
from ...core.naming import logical_id, security_group_id
from ...platform import connections
from ..load_balancer.model import listener_id
from .model import Api


def private_listener(lb):
    """(listener, TLS server name or None) the VPC link forwards to: HTTP first, else HTTPS with a
    certificate for a known domain (API Gateway verifies the name); None if there is no such listener."""
    for listener in lb.listeners:
        if listener.protocol == "HTTP":
            return listener, None
    for listener in lb.listeners:
        domain = getattr(listener.certificate, "domain", None)
        if listener.protocol == "HTTPS" and domain and not domain.startswith("*"):
            return listener, domain
    return None


def vpc_link(ctx: Context, comp: Api, lb) -> str:
    """The API's VPC link (one per API, in the first internal load balancer's subnets)."""
    logical = logical_id(comp.name, "VpcLink")
    if logical in ctx.entries:
        return logical
    ctx.add(SecurityGroup(
        security_group_id(comp.name), GroupDescription=f"{comp.name} (api VPC link)", VpcId=ctx.vpc_ref(),
        SecurityGroupEgress=[connections.DENY_ALL_EGRESS]), comp, layer="security")
    ctx.add(v2.VpcLink(logical, Name=f"{ctx.arch.name}-{comp.name}", SubnetIds=ctx.subnet_refs(ctx.tier_of(lb)),
                       SecurityGroupIds=[ctx.security_group(comp.name)]), comp)
    return logical


def private_integration(ctx: Context, comp: Api, lb, api: str, logical: str) -> v2.Integration:
    listener, server_name = private_listener(lb)
    link = vpc_link(ctx, comp, lb)
    connections.add_ingress(ctx, lb.name, comp.name, listener.port, f"{comp.name} VPC link to {lb.name}")
    ctx.add(SecurityGroupEgress(
        logical_id(comp.name, "To", lb.name, "Egress"), GroupId=ctx.security_group(comp.name),
        DestinationSecurityGroupId=GetAtt(security_group_id(lb.name), "GroupId"),
        IpProtocol="tcp", FromPort=listener.port, ToPort=listener.port,
        Description=f"{comp.name} VPC link to {lb.name}"), comp, layer="security")
    integration = v2.Integration(
        logical, ApiId=Ref(api), IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
        ConnectionType="VPC_LINK", ConnectionId=Ref(link),
        IntegrationUri=Ref(listener_id(lb.name, listener.port)), PayloadFormatVersion="1.0",
        RequestParameters={"overwrite:path": "$request.path"})
    if server_name:
        integration.TlsConfig = v2.TlsConfig(ServerNameToVerify=server_name)
    return integration
