"""``load-balancer``: an ALB (or an NLB with ``kind: network``), its security-group rules,
listeners, ACM certificates, one target group per routed component and routing rules.

Who may reach it is decided here: an internet-facing load balancer admits the
internet on its listener ports only, or only CloudFront's origin-facing prefix
list when a static site routes to it; an internal one admits exactly the
components that ``use`` it. Its own egress goes only to its targets' ports.
"""
from __future__ import annotations

from troposphere import GetAtt

from ...core.model import Edge
from ...core.waf import waf_of
from ..base import ComponentType, Forward
from . import chain, checks, guard, resources, secure
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import (
    TYPE_NAME,
    LoadBalancer,
    load_balancer_id,
    origin_of,
    routing_resources,
    target_group_id,
    target_groups_of,
)


class LoadBalancerType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = LoadBalancer
    summary = ("ALB or NLB (`kind: network`), its security group, HTTP/HTTPS listeners, ACM certificate "
               "(ARN or DNS-validated `{domain}`), HTTP→HTTPS redirect, target groups, path/host rules")
    layer = "compute"
    in_vpc = True
    egress = "none"  # egress rules are added per target, on the target's port
    access = MODES
    metrics = METRICS
    dns_target = True
    target_health = True
    origin_target = True
    forward_target = True  # an application load balancer behind another load balancer

    def finish(self, comp: LoadBalancer, arch):
        return secure.secure_listeners(comp, arch)

    def edges(self, comp: LoadBalancer):
        paths = {}
        for i, listener in enumerate(comp.listeners):
            for j, route in enumerate(listener.routes):
                paths.setdefault(route.target, ("components", comp.name, "listeners", i, "routes", j, "target"))
        for target, port in target_groups_of(comp):
            detail = Forward(target_group_id(comp.name, target, port), tuple(routing_resources(comp, target, port)),
                             load_balancer_id(comp.name), comp.kind == "application", port)
            yield Edge("forward", comp.name, target, paths[target], detail)

    def default_tiers(self, comp: LoadBalancer):
        return ("public",) if comp.scheme == "internet-facing" else ("private", "isolated")

    def port(self, comp: LoadBalancer):
        return comp.listeners[0].port if comp.listeners else None

    def ports(self, comp: LoadBalancer) -> tuple[int, ...]:
        return tuple(l.port for l in comp.listeners)

    def target_type(self, comp: LoadBalancer) -> str:
        return "alb"

    def target_registrations(self, comp: LoadBalancer, port: int, ctx):
        return chain.registrations(comp, port)

    def public_ports(self, comp: LoadBalancer) -> tuple[int, ...]:
        if comp.scheme != "internet-facing":
            return ()
        return tuple(sorted({l.port for l in comp.listeners} | ({80} if comp.redirect_http else set())))

    def check(self, comp: LoadBalancer, arch):
        return checks.check_load_balancer(comp, arch)

    def grant(self, mode, source, target: LoadBalancer, ctx):
        return grant_for(mode, source, target, ctx)

    def alias_target(self, comp: LoadBalancer, ctx):
        logical = load_balancer_id(comp.name)
        return GetAtt(logical, "DNSName"), GetAtt(logical, "CanonicalHostedZoneID"), False

    def alias_problem(self, comp: LoadBalancer):
        if comp.scheme != "internet-facing":
            return f"'{comp.name}' is an internal load balancer; a public record cannot point to it"
        return None

    def health_endpoint(self, comp: LoadBalancer, ctx):
        tls = [l for l in comp.listeners if l.protocol in ("HTTPS", "TLS")]
        listener = (tls or list(comp.listeners))[0]
        protocol = "HTTPS" if tls else ("TCP" if listener.protocol in ("TCP", "UDP", "TCP_UDP") else "HTTP")
        return GetAtt(load_balancer_id(comp.name), "DNSName"), protocol, listener.port

    def cloudfront_origin(self, comp: LoadBalancer, ctx):
        domain, policy, _ = origin_of(comp, ctx.arch)
        return domain, "", policy

    def web_acl_settings(self, comp: LoadBalancer):
        return waf_of(comp.waf)

    def origin_headers(self, comp: LoadBalancer, ctx):
        return guard.origin_headers(comp)

    def generate(self, comp: LoadBalancer, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = LoadBalancerType()
