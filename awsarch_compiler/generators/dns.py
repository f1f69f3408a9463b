"""Route 53 alias records in an existing hosted zone (``dns.records``)."""
from __future__ import annotations

from troposphere import route53

from ..context import Context
from ..naming import pascal


def generate(ctx: Context) -> None:
    dns = ctx.arch.dns
    if dns is None:
        return
    zone = dns.zone.rstrip(".") + "."
    for host, target in dns.records.items():
        comp = ctx.component(target)
        dns_name, zone_id, ipv6 = ctx.kind(target).alias_target(comp, ctx)
        for record_type in ("A", "AAAA") if ipv6 else ("A",):
            suffix = "Ipv6Record" if record_type == "AAAA" else "Record"
            ctx.add(route53.RecordSetType(
                pascal(host.replace("*", "wildcard")) + suffix,
                HostedZoneName=zone, Name=host + ".", Type=record_type,
                AliasTarget=route53.AliasTarget(DNSName=dns_name, HostedZoneId=zone_id, EvaluateTargetHealth=False),
            ), target, layer="edge", path=("dns", "records", host))
