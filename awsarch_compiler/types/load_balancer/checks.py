"""Semantic checks of ``load-balancer`` components.

What the schema cannot say: protocols fit the kind, certificates fit the
protocol, routes name components that can serve traffic, ports do not
collide, the HTTP redirect has an HTTPS listener to go to, and the
load balancer's exposure fits who reaches it (internet, CloudFront, users).
"""
from __future__ import annotations

from ...core.diagnostics import error
from ...core.model import Architecture
from ...core.references import reference_errors
from .model import DomainCertificate, OriginListener
from .secure import cloudfront_only, record_hosts, wants_https
from .settings_checks import check_settings

PROTOCOLS = {"application": ("HTTP", "HTTPS"), "network": ("TCP", "TLS")}
SECURE = ("HTTPS", "TLS")
APPLICATION_METRICS_ONLY = "load balancer alarms use Application Load Balancer metrics"


def cloudfront_routes_to(arch: Architecture, lb_name: str) -> list[str]:
    """Names of the components (static sites) whose CloudFront routes send requests to ``lb_name``."""
    return list(dict.fromkeys(e.source for e in arch.edges_to(lb_name, "origin")))


def check_load_balancer(comp, arch: Architecture):
    path = ("components", comp.name)
    yield from _listeners(comp, arch, path)
    yield from _exposure(comp, arch, path)
    yield from _plain_http(comp, arch, path)
    yield from _origin(comp, arch, path)
    if comp.waf and comp.kind == "network":
        yield error("E2144", "AWS WAF protects application load balancers; this one is a network load balancer",
                    path + ("waf",), "remove waf, or put an application load balancer (or CloudFront) in front")
    yield from _loop(comp, arch)
    yield from check_settings(comp, arch)


def _plain_http(comp, arch: Architecture, path: tuple):
    if comp.plain_http and not (comp.kind == "application" and comp.scheme == "internet-facing"):
        yield error("E2141", f"plain_http opts an internet-facing application load balancer out of HTTPS; "
                             f"'{comp.name}' is {'internal' if comp.scheme == 'internal' else 'a network load balancer'}",
                    path + ("plain_http",), "remove plain_http: its listeners are served as declared")
        return
    if not wants_https(comp) or cloudfront_only(comp, arch):
        return
    https = any(l.protocol == "HTTPS" and l.port == 443 for l in comp.listeners)
    for i, listener in enumerate(comp.listeners):
        if listener.protocol != "HTTP":
            continue
        if https and listener.port == 80:
            hint = "remove this listener: port 80 redirects to the HTTPS listener on 443 by default"
        elif listener.port == 80 and not https and not record_hosts(comp, arch):
            hint = (f"name it in dns.records (its HTTPS certificate is then created and DNS-validated in dns.zone), "
                    "or use port: 443, protocol: HTTPS with a certificate")
        else:
            hint = "use protocol: HTTPS with a certificate"
        yield error("E2140", f"listener {listener.port} of internet-facing load balancer '{comp.name}' is plain HTTP",
                    path + ("listeners", i), hint + "; plain_http: true serves unencrypted HTTP (listed in the summary)")


def _origin(comp, arch: Architecture, path: tuple):
    if comp.kind != "application" or not arch.edges_to(comp.name, "origin"):
        return
    origin = next((l for l in comp.listeners if isinstance(l, OriginListener)), None)
    if origin is None:
        yield error("E2143", f"CloudFront reaches load balancer '{comp.name}' on 443 (HTTPS) or 80 (HTTP), "
                             "and it has no such listener with routes", path + ("listeners",),
                    "add a listener {port: 443, protocol: HTTPS, certificate: ..., routes: [...]}")
        return
    i = comp.listeners.index(origin)
    for j, route in enumerate(origin.routes):
        if len(route.paths) + len(route.hosts) > 4:
            yield error("E2142", "a route of the listener CloudFront reaches has more than 4 paths and hosts "
                                 "together; the origin-verify header takes the fifth of a rule's 5 condition values",
                        path + ("listeners", i, "routes", j), "split the route into two routes to the same target")


def _route_target(comp, listener, route, arch: Architecture, here: tuple):
    """A route's port is one its target serves on; a load balancer behind it is an application one,
    reached from a network load balancer's TCP listener."""
    target = arch.components[route.target]
    kind = arch.kind(route.target)
    served = kind.ports(target)
    if route.port is not None and route.port not in served:
        what = "listens" if target.type == comp.type else "serves"
        yield error("E2155", f"'{route.target}' {what} on {', '.join(map(str, served))}, not on {route.port}",
                    here + ("port",), f"use port: {served[0]}" + (f" (or one of {', '.join(map(str, served))})"
                                                                   if len(served) > 1 else "")
                    + (", or add a listener on that port" if target.type == comp.type else
                       f", or add {route.port} to its ports"))
    if target.type != comp.type:
        return
    if target.kind != "application":
        yield error("E2156", f"'{route.target}' is a network load balancer; a load balancer can forward only "
                             "to an application load balancer", here + ("target",),
                    f"route to the targets of '{route.target}' instead, or make it kind: application")
    elif listener.protocol == "TLS":
        yield error("E2158", f"a TLS listener cannot forward to the application load balancer '{route.target}'",
                    ("components", comp.name, "listeners", comp.listeners.index(listener), "protocol"),
                    f"use protocol: TCP and let '{route.target}' terminate TLS on an HTTPS listener")


def _loop(comp, arch: Architecture):
    """Load balancers that forward to each other in a loop: one error, on the first of the loop."""
    def next_hops(name):
        node = arch.components.get(name)
        if node is None or node.type != comp.type:
            return []
        return [r.target for l in node.listeners for r in l.routes if r.target in arch.components
                and arch.components[r.target].type == comp.type]

    for i, listener in enumerate(comp.listeners):
        for j, route in enumerate(listener.routes):
            trail, stack, seen = None, [(route.target, [comp.name, route.target])], set()
            while stack and trail is None:
                name, walked = stack.pop()
                if name == comp.name:
                    trail = walked
                elif name not in seen:
                    seen.add(name)
                    stack += [(n, walked + [n]) for n in next_hops(name)]
            names = list(arch.components)
            if trail and min(trail, key=names.index) == comp.name:
                yield error("E2157", "the load balancers forward to each other in a loop: " + " -> ".join(trail),
                            ("components", comp.name, "listeners", i, "routes", j, "target"),
                            "route the innermost load balancer to instance groups or container services")
                return


def _listeners(comp, arch: Architecture, path: tuple):
    seen_ports: dict[int, int] = {}
    for i, listener in enumerate(comp.listeners):
        here = path + ("listeners", i)
        if listener.protocol not in PROTOCOLS[comp.kind]:
            yield error("E2101", f"a {comp.kind} load balancer cannot have a {listener.protocol} listener",
                        here + ("protocol",), f"use {' or '.join(PROTOCOLS[comp.kind])}"
                        + (", or kind: network" if comp.kind == "application" else ", or kind: application"))
        yield from _certificates(comp, listener, arch, here)
        if listener.port in seen_ports:
            yield error("E2104", f"listener port {listener.port} is used twice", here + ("port",),
                        f"listeners[{seen_ports[listener.port]}] already listens on {listener.port}")
        seen_ports.setdefault(listener.port, i)
        yield from _routes(comp, listener, arch, here)
    if comp.redirect_http:
        https = [l for l in comp.listeners if l.protocol == "HTTPS" and l.port == 443]
        if comp.kind != "application" or not https:
            yield error("E2105", "redirect_http needs an HTTPS listener on port 443 to redirect to",
                        path + ("redirect_http",), "add a listener {port: 443, protocol: HTTPS, certificate: ...}, "
                        "or remove redirect_http")
        if 80 in seen_ports:
            yield error("E2106", "redirect_http adds a port-80 listener, and listeners already use port 80",
                        path + ("listeners", seen_ports[80], "port"),
                        "remove the port-80 listener, or remove redirect_http")


def _certificates(comp, listener, arch: Architecture, here: tuple):
    if listener.protocol in SECURE and not listener.all_certificates:
        yield error("E2102", f"a {listener.protocol} listener needs a certificate", here,
                    "add certificate: arn:aws:acm:... or certificate: {domain: www.example.com}")
    if listener.protocol not in SECURE and listener.all_certificates:
        key = "certificate" if listener.certificate is not None else "certificates"
        yield error("E2103", f"a {listener.protocol} listener does not use a certificate",
                    here + (key,), f"remove {key}, or use protocol: "
                    + ("HTTPS" if comp.kind == "application" else "TLS"))
    places = ([("certificate",)] if listener.certificate is not None else []) + \
        [("certificates", k) for k in range(len(listener.certificates))]
    for place, certificate in zip(places, listener.all_certificates):
        if isinstance(certificate, DomainCertificate):
            yield from _certificate_domain(certificate.domain, arch, here + place + ("domain",))


def _certificate_domain(domain: str, arch: Architecture, here: tuple):
    if arch.dns is None:
        yield error("E2107", f"a certificate for '{domain}' is validated through DNS, and the file has no dns zone",
                    here, "add dns: {zone: example.com}, or give an existing certificate's ARN")
        return
    zone = arch.dns.zone.rstrip(".")
    bare = domain[2:] if domain.startswith("*.") else domain
    if bare != zone and not bare.endswith("." + zone):
        yield error("E2108", f"the certificate domain '{domain}' is not in the dns zone '{zone}'", here,
                    f"use a name ending in .{zone}, or give an existing certificate's ARN")


def _routes(comp, listener, arch: Architecture, here: tuple):
    defaults = [j for j, r in enumerate(listener.routes) if r.is_default]
    if comp.kind == "network":
        if len(listener.routes) != 1 or defaults != [0]:
            yield error("E2109", "a network load balancer listener forwards to exactly one target, "
                                 "without paths or hosts", here + ("routes",),
                        "keep one route with only a target")
    elif len(defaults) > 1:
        yield error("E2110", "a listener has more than one route without paths or hosts", here + ("routes", defaults[1]),
                    "give this route paths: or hosts:, or remove it (only one route can be the default)")
    if comp.kind == "application" and not listener.routes:
        return
    conditions = {}
    routable = tuple(name for name, kind in arch.kinds.items() if kind.forward_target)
    for j, route in enumerate(listener.routes):
        where = here + ("routes", j, "target")
        found = reference_errors(arch, route.target, where, routable, "route target")
        yield from found
        if route.target not in arch.components:
            continue
        target_kind = arch.kind(route.target)
        lambda_target = target_kind.target_type(arch.components[route.target]) == "lambda"
        if not found and not lambda_target and target_kind.port(arch.components[route.target]) is None:
            yield error("E2111", f"route target '{route.target}' has no port to forward to",
                        ("components", route.target), "add port: 8080 (the port it serves on)")
        elif not found and not lambda_target:
            yield from _route_target(comp, listener, route, arch, here + ("routes", j))
        key = (route.paths, route.hosts)
        if not route.is_default and key in conditions:
            yield error("E2112", "two routes of a listener have the same paths and hosts", here + ("routes", j),
                        f"routes[{conditions[key]}] already matches them; the second would never be used")
        conditions.setdefault(key, j)


def _exposure(comp, arch: Architecture, path: tuple):
    sites = cloudfront_routes_to(arch, comp.name)
    tier = None
    if arch.network is not None and comp.subnets:
        tier = next((t for t in arch.network.tiers if t.name == comp.subnets), None)
    if comp.scheme == "internet-facing" and tier is not None and tier.type != "public":
        yield error("E2113", f"an internet-facing load balancer must be in a public tier; '{tier.name}' is {tier.type}",
                    path + ("subnets",), "place it in a public tier, or use scheme: internal")
    if sites and comp.scheme == "internal":
        yield error("E2114", f"static site '{sites[0]}' routes to '{comp.name}', but CloudFront cannot reach "
                             "an internal load balancer", path + ("scheme",), "use scheme: internet-facing")
    if comp.kind == "network":
        if comp.access_logs:
            yield error("E2115", "access logs are written by application load balancers only here",
                        path + ("access_logs",), "remove access_logs, or use kind: application")
        for i, alarm in enumerate(arch.monitoring.alarms):
            if alarm.component == comp.name:
                yield error("E2116", f"{APPLICATION_METRICS_ONLY}; '{comp.name}' is a network load balancer",
                            ("monitoring", "alarms", i, "component"), "alarm on its targets instead")
