"""Route 53: the hosted zone, its records and their routing policies (``dns:``).

A host that names a component gets an alias A record to it (a CloudFront
distribution, a load balancer or an API's custom domain), and an alias AAAA
record when the target answers on IPv6; alias records cost nothing to query
and follow the target's addresses. A record mapping gives plain values of a
type with a TTL, or an alias with options; a list of them is one name under a
routing policy (failover, weighted, latency, geolocation, multi-value answer),
each record set with its set identifier and, where given, its health check
(``platform.health_checks``). The zone is the one the templates create
(``create_zone``, ``private``), else named by its ID when known
(``dns.zone_id``, or the ``HostedZoneId`` parameter the certificates are
validated in), else by its name (which Route 53 resolves only if one hosted
zone has that name).
"""
from __future__ import annotations

from troposphere import Output, Ref, route53

from ..core.context import Context
from ..core.naming import pascal
from ..core.route53 import DEFAULT_TTL, HOSTED_ZONE, RecordEntry, RecordSet
from . import health_checks

HOSTED_ZONE_PARAMETER = "HostedZoneId"
TXT_CHUNK = 255  # a TXT string holds at most 255 characters; longer values are split into several strings


def record_id(host: str, ipv6: bool = False, *roles: str) -> str:
    """``www.example.com`` -> ``WwwExampleComRecord``; ``*.example.com`` -> ``WildcardExampleComRecord``."""
    return pascal(host.replace("*", "wildcard")) + "".join(pascal(r) for r in roles) + (
        "Ipv6Record" if ipv6 else "Record")


def zone_reference(ctx: Context) -> dict:
    """The record's zone property: the created zone, ``HostedZoneId`` when the ID is known, else ``HostedZoneName``."""
    dns = ctx.arch.dns
    if dns.creates_zone:
        return {"HostedZoneId": Ref(HOSTED_ZONE)}
    if getattr(dns, "zone_id", None):
        return {"HostedZoneId": dns.zone_id}
    if HOSTED_ZONE_PARAMETER in ctx.parameters:
        return {"HostedZoneId": Ref(HOSTED_ZONE_PARAMETER)}
    return {"HostedZoneName": dns.zone.rstrip(".") + "."}


def _zone(ctx: Context) -> None:
    dns = ctx.arch.dns
    zone = dns.zone.rstrip(".")
    props = {"Name": zone + ".", "HostedZoneTags": ctx.tags(),
             "HostedZoneConfig": route53.HostedZoneConfiguration(
                 Comment=f"{ctx.arch.name}: {'private names in the VPC' if dns.private else 'public zone'}")}
    if dns.private:
        props["VPCs"] = [route53.HostedZoneVPCs(VPCId=ctx.vpc_ref(), VPCRegion=Ref("AWS::Region"))]
    ctx.add(route53.HostedZone(HOSTED_ZONE, **props), None, layer="network",
            path=("dns", "private" if dns.private else "create_zone"))
    ctx.add_output(Output("HostedZoneId", Description=f"the hosted zone {zone} (aws route53 get-hosted-zone "
                                                      "--id ID lists its name servers for the registrar)",
                          Value=Ref(HOSTED_ZONE)))
    ctx.note(f"dns: the templates create the {'private' if dns.private else 'public'} hosted zone {zone}"
             + ("" if dns.private else "; delegate it at the registrar to its name servers"))


def _routing(rec: RecordSet) -> dict:
    """SetIdentifier and the policy's property of a routed record set."""
    policy = rec.routing
    if policy == "simple":
        return {}
    out = {"SetIdentifier": rec.identifier()}
    if policy == "failover":
        out["Failover"] = rec.failover.upper()
    elif policy == "weighted":
        out["Weight"] = rec.weight
    elif policy == "latency":
        out["Region"] = rec.region
    elif policy == "geolocation":
        where = {"ContinentCode": rec.continent} if rec.continent else {"CountryCode": rec.country}
        if rec.subdivision:
            where["SubdivisionCode"] = rec.subdivision
        out["GeoLocation"] = route53.GeoLocation(**where)
    else:
        out["MultiValueAnswer"] = True
    return out


def _value(kind: str, value: str) -> str:
    if kind != "TXT" or value.startswith('"'):
        return value
    return " ".join(f'"{value[i:i + TXT_CHUNK]}"' for i in range(0, max(len(value), 1), TXT_CHUNK))


def record(ctx: Context, entry: RecordEntry, zone: dict, target_values=None, health_check_logical=None) -> None:
    """The record set(s) of one entry; ``target_values`` replaces the alias target's (DNS name, zone ID, IPv6)
    and ``health_check_logical`` its health check (a multi-region architecture's global stack)."""
    rec = entry.record
    ident = rec.identifier()
    extra = _routing(rec)
    if rec.health_check or health_check_logical:
        extra["HealthCheckId"] = Ref(health_check_logical or health_checks.health_check_id(rec.health_check))
    owner = rec.target if rec.target in ctx.arch.components else None
    if rec.target is None:
        ctx.add(route53.RecordSetType(
            record_id(entry.host, False, rec.type, *([ident] if ident else [])), **zone, Name=entry.host + ".",
            Type=rec.type, TTL=str(DEFAULT_TTL if rec.ttl is None else rec.ttl),
            ResourceRecords=[_value(rec.type, v) for v in rec.values], **extra,
        ), None, layer="edge", tags=False, path=entry.path)
        return
    comp = ctx.component(rec.target)
    kind = ctx.kind(rec.target)
    dns_name, zone_id, ipv6 = target_values or kind.alias_target(comp, ctx)
    evaluate = rec.evaluate_target_health
    if evaluate is None:  # under a routing policy, follow the target's health where it can report it
        evaluate = rec.routing != "simple" and kind.target_health
    for record_type in ("A", "AAAA") if ipv6 else ("A",):
        ctx.add(route53.RecordSetType(
            record_id(entry.host, record_type == "AAAA", *([ident] if ident else [])), **zone,
            Name=entry.host + ".", Type=record_type,
            AliasTarget=route53.AliasTarget(DNSName=dns_name, HostedZoneId=zone_id, EvaluateTargetHealth=evaluate),
            **extra,
        ), owner, layer="edge", path=entry.path)


def generate(ctx: Context) -> None:
    dns = ctx.arch.dns
    if dns is None:
        return
    if dns.creates_zone:
        _zone(ctx)
    health_checks.generate(ctx)
    zone = zone_reference(ctx)
    for entry in dns.record_sets():
        record(ctx, entry, zone)
