"""The ``load-balancer`` model and its stable logical IDs (other types name its resources by these).

Listeners, routes and certificates as frozen dataclasses; the logical IDs of
the load balancer, its listeners, rules and target groups, derived from DSL
names and listener ports, never from list positions.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Optional, Union

from troposphere import GetAtt

from ...core.model import Component
from ...core.naming import logical_id
from ...core.waf import Waf

TYPE_NAME = "load-balancer"
PREFIX_LIST_PARAMETER = "CloudFrontOriginFacingPrefixListId"
HOSTED_ZONE_PARAMETER = "HostedZoneId"


@dataclass(frozen=True, kw_only=True)
class Stickiness:
    duration: int = 86400  # seconds a client stays with its target
    cookie: Optional[str] = None  # the application's own cookie (app_cookie); None: the load balancer's


TARGET_GROUP_FIELDS = ("stickiness", "deregistration_delay", "slow_start", "algorithm")


@dataclass(frozen=True, kw_only=True)
class Route:
    target: str
    paths: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    port: Optional[int] = None  # the target's port to forward to (None: its own port)
    stickiness: Union[bool, Stickiness, None] = None
    deregistration_delay: Optional[int] = None
    slow_start: Optional[int] = None
    algorithm: Optional[str] = None

    @property
    def group_settings(self) -> dict:
        """The target-group settings this route sets (those it leaves out are absent)."""
        return {f: getattr(self, f) for f in TARGET_GROUP_FIELDS if getattr(self, f) not in (None, False)}

    @property
    def is_default(self) -> bool:
        return not self.paths and not self.hosts


@dataclass(frozen=True, kw_only=True)
class DomainCertificate:
    domain: str


@dataclass(frozen=True, kw_only=True)
class RecordCertificate(DomainCertificate):
    """The certificate the compiler creates when it serves a plain HTTP listener over HTTPS: the
    domain and ``names`` are the dns records that point at the load balancer."""

    names: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Listener:
    port: int
    protocol: str = "HTTP"
    certificate: Optional[Union[str, DomainCertificate]] = None
    certificates: tuple[Union[str, DomainCertificate], ...] = ()  # more certificates, chosen by SNI
    routes: tuple[Route, ...] = ()

    @property
    def all_certificates(self) -> tuple:
        """The default certificate first, then the others (``certificate`` or the first of ``certificates``)."""
        return ((self.certificate,) if self.certificate is not None else ()) + self.certificates


@dataclass(frozen=True, kw_only=True)
class OriginListener(Listener):
    """The listener CloudFront reaches (set by the compiler): it serves only requests that carry the
    distribution's secret origin-verify header; the others get 403."""

    header: str = "X-Origin-Verify"


@dataclass(frozen=True, kw_only=True)
class LoadBalancer(Component):
    kind: str = "application"
    scheme: str = "internet-facing"
    listeners: tuple[Listener, ...] = ()
    redirect_http: Optional[bool] = None
    plain_http: bool = False
    idle_timeout: int = 60
    access_logs: Optional[bool] = None
    deletion_protection: Optional[bool] = None
    ssl_policy: str = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    elastic_ips: Union[bool, tuple[str, ...]] = False  # network, internet-facing: one per AZ
    waf: Union[bool, Waf, None] = None


def load_balancer_id(name: str) -> str:
    return logical_id(name, "LoadBalancer")


def listener_id(name: str, port: int) -> str:
    return logical_id(name, "Listener", str(port))


def target_group_id(lb_name: str, target_name: str, port: Optional[int] = None) -> str:
    """The target group of ``target_name`` behind load balancer ``lb_name``: ``PublicLbWebTargetGroup``,
    or ``PublicLbWeb443TargetGroup`` for a route that names the target's port."""
    return logical_id(lb_name, target_name, *((str(port),) if port is not None else ()), "TargetGroup")


def rule_id(name: str, listener: "Listener", route: "Route") -> str:
    """``PublicLbListener443ApiRule``; a short digest of the conditions tells apart two rules to one target."""
    base = logical_id(name, "Listener", str(listener.port), route.target, "Rule")
    same_target = [r for r in listener.routes if not r.is_default and r.target == route.target]
    if len(same_target) < 2:
        return base
    digest = hashlib.sha256(json.dumps([route.paths, route.hosts]).encode()).hexdigest()[:8]
    return base + digest.capitalize()


def default_rule_id(name: str, port: int) -> str:
    """The rule that forwards an origin listener's verified requests to its default route."""
    return logical_id(name, "Listener", str(port), "Default", "Route", "Rule")


def routing_resources(lb: LoadBalancer, target: str, port: Optional[int] = None) -> list[str]:
    """Listeners and rules that forward to ``target`` (on ``port``): its target group is attached once
    they exist."""
    out = []
    for listener in lb.listeners:
        for priority, route in rule_routes(listener):
            if (route.target, route.port) == (target, port):
                out.append(rule_id(lb.name, listener, route))
        default = default_route(listener)
        if default is not None and (default.target, default.port) == (target, port):
            out.append(listener_id(lb.name, listener.port))
            if isinstance(listener, OriginListener):
                out.append(default_rule_id(lb.name, listener.port))
    return sorted(set(out))


def targets_of(lb: LoadBalancer) -> list[str]:
    """Every component the load balancer routes to, in DSL order, once each."""
    return list(dict.fromkeys(target for target, _ in target_groups_of(lb)))


def target_groups_of(lb: LoadBalancer) -> list[tuple[str, Optional[int]]]:
    """(target, port named by the route or None) of every target group, in DSL order, once each."""
    seen = []
    for listener in lb.listeners:
        for route in listener.routes:
            if (route.target, route.port) not in seen:
                seen.append((route.target, route.port))
    return seen


def group_settings(lb: LoadBalancer, target: str, port: Optional[int]) -> dict:
    """The target-group settings of (target, port): those of the first route to it that sets any."""
    for listener in lb.listeners:
        for route in listener.routes:
            if (route.target, route.port) == (target, port) and route.group_settings:
                return route.group_settings
    return {}


def default_route(listener: Listener) -> Optional[Route]:
    return next((r for r in listener.routes if r.is_default), None)


def rule_routes(listener: Listener) -> list[tuple[int, Route]]:
    """(priority, route) of the conditional routes: first listed is matched first."""
    rules = [r for r in listener.routes if not r.is_default]
    return [((i + 1) * 10, r) for i, r in enumerate(rules)]


def is_secure(listener: Listener) -> bool:
    return listener.protocol in ("HTTPS", "TLS")


def public_host(lb: LoadBalancer, arch, resolvable: bool = False) -> Optional[str]:
    """The host name to reach the load balancer over TLS: a dns record naming it, else (unless only
    names that resolve to it will do) its certificate's domain."""
    if arch.dns is not None:
        for host, target in arch.dns.aliases():
            if target == lb.name and not host.startswith("*"):
                return host
    if resolvable:
        return None
    for listener in lb.listeners:
        if isinstance(listener.certificate, DomainCertificate) and not listener.certificate.domain.startswith("*"):
            return listener.certificate.domain
    return None


def origin_of(lb: LoadBalancer, arch) -> tuple:
    """(domain, protocol policy, port) CloudFront uses to reach the load balancer."""
    https = next((l for l in lb.listeners if l.protocol == "HTTPS" and l.port == 443), None)
    http = next((l for l in lb.listeners if l.protocol == "HTTP" and l.port == 80 and l.routes), None)
    host = public_host(lb, arch, resolvable=True)
    if https is not None and (host or http is None):
        return (host or GetAtt(load_balancer_id(lb.name), "DNSName")), "https-only", 443
    return GetAtt(load_balancer_id(lb.name), "DNSName"), "http-only", 80
