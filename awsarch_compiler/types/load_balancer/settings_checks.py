"""Checks of a ``load-balancer``'s target-group settings, function targets and Elastic IPs.

Routes that share a target group (the same target and port) agree on its settings; the
settings a network load balancer or a function target cannot take are refused where they
are written; Elastic IPs belong to internet-facing network load balancers, one per zone.
"""
from __future__ import annotations

from ...core.diagnostics import error
from ...core.model import Architecture
from .model import Stickiness

APPLICATION_ONLY = ("slow_start", "algorithm")
RESERVED_COOKIE_PREFIX = "AWSALB"  # AWSALB, AWSALBAPP and AWSALBTG are the load balancer's own


def check_settings(comp, arch: Architecture):
    path = ("components", comp.name)
    seen: dict = {}
    for i, listener in enumerate(comp.listeners):
        for j, route in enumerate(listener.routes):
            here = path + ("listeners", i, "routes", j)
            if route.target not in arch.components:
                continue
            yield from _route(comp, route, arch, here)
            key, settings = (route.target, route.port), route.group_settings
            if settings and key in seen and seen[key][1] != settings:
                first = seen[key][0]
                yield error("E2159", f"two routes to '{route.target}' share its target group and set different "
                                     "target-group settings", here,
                            f"give both routes the same settings as listeners[{first[0]}].routes[{first[1]}], "
                            "or set them on one of the two only")
            if settings:
                seen.setdefault(key, ((i, j), settings))
    yield from _elastic_ips(comp, arch, path)


def _route(comp, route, arch: Architecture, here: tuple):
    target = arch.components[route.target]
    kind = arch.kind(route.target)
    if kind.target_type(target) == "lambda":
        if comp.kind == "network":
            yield error("E2165", f"'{route.target}' is a function; only an application load balancer can invoke one",
                        here + ("target",), "use kind: application, or route to an instance group or service")
        for field in (("port",) if route.port is not None else ()) + tuple(route.group_settings):
            yield error("E2166", f"a function target takes no {field}: the load balancer invokes it, one request "
                                 "per invocation", here + (field,), f"remove {field}")
        return
    if comp.kind == "network":
        for field, message, hint in _application_only(route):
            yield error("E2160", message, here + (field,), hint)
    cookie = route.stickiness.cookie if isinstance(route.stickiness, Stickiness) else None
    if cookie and cookie.upper().startswith(RESERVED_COOKIE_PREFIX):
        yield error("E2161", f"the cookie name '{cookie}' is reserved for the load balancer's own cookies",
                    here + ("stickiness", "cookie"), "use the application's session cookie, such as JSESSIONID, "
                                                     "or leave cookie out for the load balancer's cookie")


def _application_only(route):
    """(field, message, hint) of each setting on a network load balancer's route that only an
    application load balancer takes."""
    for field in APPLICATION_ONLY:
        if getattr(route, field) is not None:
            yield field, f"{field} is an application load balancer setting", f"remove {field}, or use kind: application"
    if isinstance(route.stickiness, Stickiness):
        yield ("stickiness", "a network load balancer sticks clients by source IP, without a duration or cookie",
               "write stickiness: true, or use kind: application")


def _elastic_ips(comp, arch: Architecture, path: tuple):
    if not comp.elastic_ips:
        return
    if comp.kind != "network" or comp.scheme != "internet-facing":
        yield error("E2163", "elastic_ips are for internet-facing network load balancers", path + ("elastic_ips",),
                    "remove elastic_ips, or use kind: network with scheme: internet-facing")
        return
    zones = arch.network.availability_zones if arch.network is not None else None
    if isinstance(comp.elastic_ips, tuple) and zones is not None and len(comp.elastic_ips) != zones:
        yield error("E2164", f"elastic_ips lists {len(comp.elastic_ips)} allocation IDs for {zones} availability zones",
                    path + ("elastic_ips",), f"give exactly {zones}, one per zone in zone order, or write "
                                             "elastic_ips: true for new ones")
