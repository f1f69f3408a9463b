"""Semantic checks of a ``static-site`` (E301/E302 for route targets).

CloudFront is a global service homed in us-east-1: its certificates must
live there, its web ACLs can only be created there and its metrics are
published only there. A custom domain needs a certificate, a DNS record can
only point at a host name the distribution answers for, and routes go to a
load balancer or an API.
"""
from __future__ import annotations

from typing import Iterator

from ...core.diagnostics import Diagnostic, error
from ...core.model import Architecture
from ...core.references import reference_errors
from .cache_checks import check_cache
from .model import host_names

CLOUDFRONT_REGION = "us-east-1"


def certificate_region(arn: str) -> str:
    """``arn:aws:acm:REGION:ACCOUNT:certificate/ID`` -> REGION."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def serves(hosts: list[str], host: str) -> bool:
    """Whether a distribution with alternate names ``hosts`` answers for ``host`` (``*.`` covers one label)."""
    for name in hosts:
        if name == host:
            return True
        if name.startswith("*.") and host.endswith(name[1:]) and "." not in host[: -len(name) + 1]:
            return True
    return False


def check_site(comp, arch: Architecture) -> Iterator[Diagnostic]:
    path = ("components", comp.name)
    yield from check_cache(comp)
    hosts = host_names(comp)
    if comp.certificate:
        region = certificate_region(comp.certificate)
        if region != CLOUDFRONT_REGION:
            yield error("E2501", f"the certificate is in {region}; CloudFront only uses ACM certificates "
                                 f"in {CLOUDFRONT_REGION}", path + ("certificate",),
                        f"request or import the certificate in {CLOUDFRONT_REGION} (it may cover the same names) "
                        "and use that ARN")
        if not hosts:
            yield error("E2502", "a certificate without a domain is never used", path + ("certificate",),
                        "add  domain: www.example.com  (a name the certificate covers), or remove certificate")
    elif hosts:
        key = "domain" if comp.domain else "aliases"
        yield error("E2503", f"a custom domain needs a certificate ({hosts[0]})", path + (key,),
                    f"add  certificate: arn:aws:acm:{CLOUDFRONT_REGION}:ACCOUNT:certificate/ID  covering "
                    f"{', '.join(hosts)}")
    for pattern, target in comp.routes.items():
        where = path + ("routes", pattern)
        # (an internal load balancer as a target is reported by the load balancer's own checks)
        origins = tuple(name for name, kind in arch.kinds.items() if kind.origin_target)
        yield from reference_errors(arch, target, where, origins, "route target")
    if comp.waf and arch.region and arch.region != CLOUDFRONT_REGION:
        yield error("E2504", f"a CloudFront web ACL can only be created in {CLOUDFRONT_REGION}, and this "
                             f"architecture's region is {arch.region}", path + ("waf",),
                    f"deploy the architecture with region: {CLOUDFRONT_REGION}, or set waf: false")
    if arch.dns is not None:
        for host, target in arch.dns.aliases():
            if target == comp.name and not serves(hosts, host):
                yield error("E2505", f"'{comp.name}' does not answer for {host}; CloudFront would refuse the requests",
                            ("dns", "records", host),
                            f"add {host} to components.{comp.name}.domain or aliases (and its certificate)")
    if arch.region and arch.region != CLOUDFRONT_REGION:
        for i, alarm in enumerate(arch.monitoring.alarms):
            if alarm.component == comp.name:
                yield error("E2506", f"CloudFront publishes its metrics only in {CLOUDFRONT_REGION}, so an alarm "
                                     f"in {arch.region} would never see data", ("monitoring", "alarms", i),
                            f"remove the alarm, or deploy the architecture with region: {CLOUDFRONT_REGION}")
