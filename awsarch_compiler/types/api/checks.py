"""Semantic checks of ``api`` components: route keys, targets, auth, CORS, domain."""
from __future__ import annotations

import re

from ...core.diagnostics import error
from ...core.model import Architecture
from ...core.references import reference_errors
from ..function.model import TYPE_NAME as FUNCTION
from ..load_balancer.model import TYPE_NAME as LOAD_BALANCER
from ..user_pool.model import TYPE_NAME as USER_POOL
from .model import MOUNT, ROUTE_HINT, Api, RouteOptions, mounts, parse_key, routes
from .shared import upstream
from .vpc_link import private_listener

TARGET_TYPES = (FUNCTION, LOAD_BALANCER)

ACM_REGION = re.compile(r"^arn:aws[a-z-]*:acm:([a-z0-9-]+):")


def check_api(comp: Api, arch: Architecture):
    path = ("components", comp.name)
    for key, value in comp.routes.items():
        where = path + ("routes", key)
        parsed, problem = parse_key(key)
        if problem:
            yield error("E2401", problem, where, ROUTE_HINT)
        target = value if isinstance(value, str) else value.target
        yield from reference_errors(arch, target, where, TARGET_TYPES, "route target")
    yield from _route_conflicts(comp)
    yield from _targets(comp, arch)
    if comp.auth:
        yield from reference_errors(arch, comp.auth.user_pool, path + ("auth", "user_pool"), (USER_POOL,), "auth user_pool")
    yield from _cors(comp)
    yield from _domain(comp, arch)
    yield from _mounts(comp, arch)
    yield from _protection(comp, arch)


def _protection(comp: Api, arch: Architecture):
    path = ("components", comp.name)
    if comp.waf and comp.protocol == "http":
        yield error("E2440", "AWS WAF protects REST APIs; HTTP APIs cannot take a web ACL", path + ("waf",),
                    "use protocol: rest, or route to the API from a static-site with waf: true")
    if comp.auth is None and mounts(comp, arch):
        signed = [r.key for r in routes(comp) if r.iam and not isinstance(comp.routes[r.key], RouteOptions)]
        if signed:
            yield error("E2441", f"'{comp.name}' is served through CloudFront, which cannot sign requests, and its "
                                 f"route '{signed[0]}' takes only SigV4-signed requests (the default without auth)",
                        path + ("routes", signed[0]), "add auth: {user_pool: NAME} to the API, or auth: none on "
                                                       "the routes that are public")


def _mounts(comp: Api, arch: Architecture):
    """A static-site route to the API must be /PREFIX/*: the prefix becomes the API's stage."""
    prefixes: dict[str, str] = {}
    for site, pattern in mounts(comp, arch):
        where = ("components", site, "routes", pattern)
        match = MOUNT.match(pattern)
        if not match:
            yield error("E2403", f"'{site}' routes '{pattern}' to the api '{comp.name}'; an API needs a pattern "
                                 "of the form /PREFIX/*", where,
                        "use a pattern such as /api/*: CloudFront forwards /api/posts as is, and the API "
                        "serves it with its stage named api and the route GET /posts")
            continue
        prefixes.setdefault(match.group(1), pattern)
        if len(prefixes) > 1:
            first = next(iter(prefixes.values()))
            yield error("E2404", f"'{comp.name}' is routed from both '{first}' and '{pattern}'", where,
                        "route the API from one path prefix; its stage is named after it")


def _route_conflicts(comp: Api):
    seen: dict[tuple, str] = {}
    params: dict[tuple, tuple[str, str]] = {}  # parent path -> (parameter segment, route key)
    for route in routes(comp):
        where = ("components", comp.name, "routes", route.key)
        if route.shape in seen:
            yield error("E2405", f"routes '{seen[route.shape]}' and '{route.key}' are the same route",
                        where, "keep one of them; path parameter names do not make routes different")
            continue
        seen[route.shape] = route.key
        for i, segment in enumerate(route.segments):
            if not segment.startswith("{"):
                continue
            parent = route.segments[:i]
            other = params.setdefault(parent, (segment, route.key))
            if other[0] != segment:
                yield error("E2406", f"route '{route.key}' names the path parameter {segment} where "
                                     f"'{other[1]}' names it {other[0]}", where,
                            f"API Gateway needs one name per position: use {other[0]} in both")
                break


def _targets(comp: Api, arch: Architecture):
    for route in routes(comp):
        target = arch.components.get(route.target)
        if target is None or target.type != LOAD_BALANCER:
            continue
        where = ("components", comp.name, "routes", route.key)
        if target.kind != "application":
            yield error("E2407", f"'{route.target}' is a network load balancer; API routes need an application one",
                        where, "route to an application load balancer or to a function")
        elif target.scheme == "internet-facing":
            if upstream(target, arch) is None:
                yield error("E2408", f"'{route.target}' has no listener the API can forward to", where,
                            "add an HTTPS listener and a dns.records name for it, or an HTTP listener")
        elif comp.protocol == "rest":
            yield error("E2409", f"'{route.target}' is an internal load balancer; a REST API reaches private "
                                 "targets only through a network load balancer", where,
                        "use protocol: http (a VPC link to the internal load balancer), or route to a function")
        elif private_listener(target) is None:
            yield error("E2410", f"'{route.target}' has no listener the VPC link can forward to", where,
                        "add an HTTP listener, or an HTTPS one with certificate: {domain: NAME}")


def _cors(comp: Api):
    cors = comp.cors
    if cors is None:
        return
    where = ("components", comp.name, "cors")
    if cors.credentials and "*" in cors.origins:
        yield error("E2411", "credentials: true cannot be combined with origins: [\"*\"]", where + ("credentials",),
                    "list the exact origins, such as https://app.example.com")
    if comp.protocol == "rest" and len(cors.origins) > 1:
        yield error("E2412", "a REST API answers preflight requests with one origin", where + ("origins",),
                    "keep one origin, or use protocol: http (which checks each origin)")


def _domain(comp: Api, arch: Architecture):
    path = ("components", comp.name)
    if comp.domain and not comp.certificate:
        yield error("E2413", "a custom domain needs a certificate", path + ("domain",),
                    "add certificate: an ACM certificate ARN for the domain, in the API's region")
    if comp.certificate and not comp.domain:
        yield error("E2414", "certificate is set but domain is not", path + ("certificate",),
                    "add domain: api.example.com, or remove certificate")
    if comp.certificate and arch.region:
        match = ACM_REGION.match(comp.certificate)
        if match and match.group(1) != arch.region:
            yield error("E2415", f"the certificate is in {match.group(1)}, the API in {arch.region}",
                        path + ("certificate",), "regional API domains need a certificate from the API's own region")
    if arch.dns:
        for host, target in arch.dns.aliases():
            if target != comp.name:
                continue
            if not comp.domain:
                yield error("E2416", f"dns record '{host}' points to '{comp.name}', which has no domain",
                            ("dns", "records", host), f"set domain: {host} and certificate: on the API")
            elif comp.domain != host:
                yield error("E2417", f"dns record '{host}' points to '{comp.name}', whose domain is {comp.domain}",
                            ("dns", "records", host), f"set the API's domain to {host}, or rename the record")
