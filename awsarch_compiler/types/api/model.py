"""The ``api`` model: routes and their key grammar, auth, CORS, throttling, stage and logical IDs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Optional, Union

from ...core.model import Component, empty
from ...core.naming import logical_id, pascal
from ...core.waf import Waf

TYPE_NAME = "api"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
LITERAL = re.compile(r"^[A-Za-z0-9._~-]+$")
PARAM = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$")
ROUTE_HINT = 'write "METHOD /path" such as "GET /users/{id}"; METHOD is one of ' + ", ".join(METHODS)


@dataclass(frozen=True, kw_only=True)
class RouteOptions:
    target: str
    auth: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class Auth:
    user_pool: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Cors:
    origins: tuple[str, ...]
    methods: tuple[str, ...] = ()
    headers: tuple[str, ...] = ("Authorization", "Content-Type")
    max_age: int = 600
    credentials: bool = False


@dataclass(frozen=True, kw_only=True)
class Throttle:
    rate: float = 100.0
    burst: int = 200


@dataclass(frozen=True, kw_only=True)
class Api(Component):
    protocol: str = "http"
    routes: Mapping[str, Union[str, RouteOptions]] = empty()
    auth: Optional[Auth] = None
    cors: Optional[Cors] = None
    throttle: Throttle = field(default_factory=Throttle)
    stage: str = "prod"
    log_retention_days: int = 365
    cloudwatch_role: bool = True
    domain: Optional[str] = None
    certificate: Optional[str] = None
    waf: Union[bool, Waf, None] = None


@dataclass(frozen=True)
class Route:
    """One parsed route: ``GET /users/{id}`` -> users."""

    key: str
    method: str
    segments: tuple[str, ...]
    target: str
    public: bool  # auth: none
    iam: bool = False  # auth: iam, or no auth on the route nor the API (SigV4-signed callers with
    # execute-api:Invoke, the ``invoke`` access mode)

    @property
    def path(self) -> str:
        return "/" + "/".join(self.segments)

    @property
    def role(self) -> str:
        """The route's part of its resources' logical IDs: ``GET /users/{id}`` -> ``GetUsersIdParam``."""
        return pascal(self.method.lower()) + (path_role(self.segments) or "Root")

    @property
    def shape(self) -> tuple:
        """Method and path with parameter names erased: two routes with one shape are the same route."""
        return (self.method, tuple("{+}" if s.endswith("+}") else "{}" if s.startswith("{") else s
                                   for s in self.segments))

    def arn_path(self) -> str:
        """The execute-api ARN's method/path part; path parameters match any value."""
        method = "*" if self.method == "ANY" else self.method
        return method + "/" + "/".join("*" if s.startswith("{") else s for s in self.segments)


def path_role(segments) -> str:
    out = ""
    for segment in segments:
        match = PARAM.match(segment)
        if match:
            out += pascal(match.group(1)) + ("Greedy" if match.group(2) else "Param")
        else:
            out += pascal(segment.replace(".", "-").replace("~", "-")) or "X"
    return out


def parse_key(key: str) -> tuple[Optional[tuple[str, tuple[str, ...]]], Optional[str]]:
    """``"GET /a/{b}"`` -> ((method, segments), None), or (None, what is wrong)."""
    parts = key.split(" ")
    if len(parts) != 2 or not parts[1]:
        return None, f"route '{key}' is not \"METHOD /path\""
    method, path = parts
    if method not in METHODS:
        if method.upper() in METHODS:
            return None, f"route '{key}': write the method in capitals ({method.upper()})"
        return None, f"route '{key}': '{method}' is not an HTTP method"
    if not path.startswith("/"):
        return None, f"route '{key}': the path must start with /"
    if path == "/":
        return (method, ()), None
    segments = tuple(path[1:].split("/"))
    for i, segment in enumerate(segments):
        match = PARAM.match(segment)
        if match:
            if match.group(2) and i != len(segments) - 1:
                return None, f"route '{key}': {segment} must be the last path segment"
        elif not segment:
            return None, f"route '{key}': empty path segment (// or a trailing /)"
        elif not LITERAL.match(segment):
            return None, f"route '{key}': '{segment}' is not a valid path segment"
    return (method, segments), None


def routes(comp: Api) -> list[Route]:
    """The API's valid routes in DSL order (checks reject the invalid ones)."""
    out = []
    for key, value in comp.routes.items():
        parsed, _ = parse_key(key)
        if parsed is None:
            continue
        target = value if isinstance(value, str) else value.target
        auth = None if isinstance(value, str) else value.auth
        # without auth: on the route, the API's authorizer, else IAM: a route is public only by auth: none
        iam = auth == "iam" or (auth is None and comp.auth is None)
        out.append(Route(key, parsed[0], parsed[1], target, auth == "none", iam))
    return out


MOUNT = re.compile(r"^/([A-Za-z0-9_-]{1,128})/\*$")


def mounts(comp: Api, arch) -> list[tuple[str, str]]:
    """(component, path pattern) pairs that send a CloudFront path to this API (static-site routes)."""
    return [(edge.source, edge.detail) for edge in arch.edges_to(comp.name, "origin")]


def stage_name(comp: Api, arch) -> str:
    """The stage, the first segment of the execute-api path.

    Behind a static-site route ``/PREFIX/*`` the stage is named PREFIX:
    CloudFront forwards ``/PREFIX/posts`` unchanged, and API Gateway reads
    the first segment as the stage, so the route ``GET /posts`` answers it.
    Otherwise HTTP APIs use ``$default`` (no stage segment), REST APIs ``stage``.
    """
    for _, pattern in mounts(comp, arch):
        match = MOUNT.match(pattern)
        if match:
            return match.group(1)
    return "$default" if comp.protocol == "http" else comp.stage


def api_id(comp: Api) -> str:
    return logical_id(comp.name, "HttpApi" if comp.protocol == "http" else "RestApi")
