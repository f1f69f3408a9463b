"""Route 53 alias records in an existing public hosted zone (``dns.records``).

Each host gets an alias A record to its component (a CloudFront distribution,
a load balancer or an API's custom domain), and an alias AAAA record when the
target answers on IPv6. Alias records cost nothing to query and follow the
target's addresses. The zone is named by its ID when known (``dns.zone_id``,
or the ``HostedZoneId`` parameter the certificates are validated in), else by
its name (which Route 53 resolves only if one hosted zone has that name).
"""
from __future__ import annotations

from troposphere import Ref, route53

from ..core.context import Context
from ..core.naming import pascal

HOSTED_ZONE_PARAMETER = "HostedZoneId"


def record_id(host: str, ipv6: bool = False) -> str:
    """``www.example.com`` -> ``WwwExampleComRecord``; ``*.example.com`` -> ``WildcardExampleComRecord``."""
    return pascal(host.replace("*", "wildcard")) + ("Ipv6Record" if ipv6 else "Record")


def zone_reference(ctx: Context) -> dict:
    """The record's zone property: ``HostedZoneId`` when the ID is known, else ``HostedZoneName``."""
    dns = ctx.arch.dns
    if getattr(dns, "zone_id", None):
        return {"HostedZoneId": dns.zone_id}
    if HOSTED_ZONE_PARAMETER in ctx.parameters:
        return {"HostedZoneId": Ref(HOSTED_ZONE_PARAMETER)}
    return {"HostedZoneName": dns.zone.rstrip(".") + "."}


def generate(ctx: Context) -> None:
    dns = ctx.arch.dns
    if dns is None:
        return
    zone = zone_reference(ctx)
    for host, target in dns.records.items():
        comp = ctx.component(target)
        dns_name, zone_id, ipv6 = ctx.kind(target).alias_target(comp, ctx)
        for record_type in ("A", "AAAA") if ipv6 else ("A",):
            ctx.add(route53.RecordSetType(
                record_id(host, record_type == "AAAA"), **zone, Name=host + ".", Type=record_type,
                # CloudFront alias targets do not support health evaluation; the others answer for their own health.
                AliasTarget=route53.AliasTarget(DNSName=dns_name, HostedZoneId=zone_id, EvaluateTargetHealth=False),
            ), target, layer="edge", path=("dns", "records", host))
