"""Stage: model. Frozen dataclasses of the validated architecture.

Generators read these typed objects, never raw dicts. Each component type's
dataclass lives in its package's leaf ``model`` module and subclasses
:class:`Component`; its field names and defaults are the schema's (a test
keeps the two in step). :func:`build` converts validated, defaulted data into
the dataclasses by their type hints, and :func:`from_data` builds the whole
:class:`Architecture`, including the graph of references between components
(:class:`Edge`) that each type declares through ``ComponentType.edges``.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping, Optional, Union

from .annotations import ArchitectureReview, Review, Usage
from .rules import IngressRule
from .backup import Backup
from .recovery import DisasterRecovery
from .route53 import Dns

EMPTY: Mapping = types.MappingProxyType({})


def empty():
    """A field defaulting to the shared empty read-only mapping."""
    return field(default_factory=lambda: EMPTY)


@dataclass(frozen=True, kw_only=True)
class Component:
    name: str
    type: str
    description: Optional[str] = None
    stack: Optional[str] = None
    tags: Mapping[str, str] = empty()
    uses: Mapping[str, str] = empty()
    subnets: Optional[str] = None
    ingress: tuple[IngressRule, ...] = ()
    review: Optional[Review] = None
    usage: Optional[Usage] = None


@dataclass(frozen=True, kw_only=True)
class Trigger:
    """One entry of a function's ``triggers``: what invokes the function.

    Each event-source type defines its own subclass (with the fields of its
    ``trigger.json``); ``key`` is the DSL key that names the source component.
    """

    key: ClassVar[str] = ""

    @property
    def source(self) -> Optional[str]:
        """The component that invokes the function, or None (a schedule)."""
        return getattr(self, self.key, None) if self.key else None


@dataclass(frozen=True, kw_only=True)
class Capacity:
    """``$defs/capacity``: how many instances or tasks (instance groups, container services)."""

    min: int
    max: int
    desired: Optional[int] = None

    @property
    def desired_count(self) -> int:
        return self.min if self.desired is None else self.desired


@dataclass(frozen=True, kw_only=True)
class HealthCheck:
    """``$defs/health_check``: a load balancer's target health check of a component."""

    path: str = "/"
    matcher: str = "200"
    interval: int = 30
    timeout: int = 5
    healthy_threshold: int = 3
    unhealthy_threshold: int = 3
    grace_period: int = 300


@dataclass(frozen=True)
class Edge:
    """One reference between two components, declared in the DSL.

    ``kind`` says what the reference means: ``uses`` (an access mode),
    ``forward`` (a load balancer routes to the target), ``origin`` (a
    static site routes a path to it), ``route`` (an API route), ``trigger``
    (the source invokes the target function), ``deliver`` (the source sends
    events or messages to it), and others a type declares. ``path`` is
    where the reference is written; ``detail`` carries what the declaring
    type knows about it (a trigger's settings, a forward's target group).
    """

    kind: str
    source: str
    target: str
    path: tuple
    detail: Any = None


@dataclass(frozen=True, kw_only=True)
class Tier:
    name: str
    type: str  # public | private | isolated
    cidrs: tuple[str, ...] = ()  # one per AZ, resolved by the network plan
    size: Optional[int] = None


@dataclass(frozen=True, kw_only=True)
class Network:
    cidr: str
    availability_zones: int
    nat_gateways: str
    tiers: tuple[Tier, ...]
    endpoints: tuple[str, ...] = ()
    flow_logs: bool = True
    flow_logs_retention_days: int = 365
    network_acls: str = "none"

    def routes_out(self, tier: Tier) -> bool:
        """Whether the tier reaches the internet: public, or private with a NAT gateway."""
        return tier.type == "public" or (tier.type == "private" and self.nat_gateways != "none")

    def tier(self, name: str) -> Tier:
        return next(t for t in self.tiers if t.name == name)

    def first_tier(self, *kinds: str) -> Optional[Tier]:
        for kind in kinds:
            for tier in self.tiers:
                if tier.type == kind:
                    return tier
        return None


@dataclass(frozen=True, kw_only=True)
class Alarm:
    component: str
    metric: str
    threshold: float
    minutes: int = 5
    comparison: Optional[str] = None  # above | below; None: the metric's own


@dataclass(frozen=True, kw_only=True)
class Budget:
    monthly_usd: float
    alert_at_percent: int = 80


@dataclass(frozen=True, kw_only=True)
class Monitoring:
    notify: tuple[str, ...] = ()
    alarms: tuple[Alarm, ...] = ()
    dashboard: bool = False
    tracing: bool = False
    budget: Optional[Budget] = None
    audit_trail: bool = False


@dataclass(frozen=True, kw_only=True)
class Architecture:
    name: str
    description: Optional[str] = None
    region: Optional[str] = None
    tags: Mapping[str, str] = empty()
    network: Optional[Network] = None
    components: Mapping[str, Component] = empty()
    dns: Optional[Dns] = None
    monitoring: Monitoring = field(default_factory=Monitoring)
    overrides: Mapping[str, Mapping] = empty()
    parameters: Mapping[str, Mapping] = empty()  # root template parameters: name -> spec (core.parameters)
    review: ArchitectureReview = field(default_factory=ArchitectureReview)
    disaster_recovery: Optional[DisasterRecovery] = None
    backup: Optional[Backup] = None
    encryption: str = "default"  # aws-managed: AWS-managed keys only, no customer key anywhere
    edges: tuple[Edge, ...] = ()
    kinds: Mapping[str, Any] = field(default_factory=lambda: EMPTY, compare=False, repr=False)  # name -> ComponentType

    def of_type(self, *type_names: str) -> list[Component]:
        return [c for c in self.components.values() if c.type in type_names]

    def kind(self, name: str):
        """The ComponentType of component ``name``."""
        return self.kinds[self.components[name].type]

    def edges_to(self, name: str, *kinds: str) -> list[Edge]:
        """References to component ``name`` (of the given kinds, or all), in DSL order."""
        return [e for e in self.edges if e.target == name and (not kinds or e.kind in kinds)]

    def edges_from(self, name: str, *kinds: str) -> list[Edge]:
        return [e for e in self.edges if e.source == name and (not kinds or e.kind in kinds)]

    def users_of(self, name: str) -> list[tuple[Component, str]]:
        """Every (component, mode) whose ``uses`` names ``name``, in DSL order."""
        return [(c, c.uses[name]) for c in self.components.values() if name in c.uses]


def _freeze(value):
    if isinstance(value, dict):
        return types.MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def convert(hint, value):
    """Convert validated data to the type ``hint`` names."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        for member in members:
            m_origin = typing.get_origin(member) or member
            if isinstance(value, dict) and dataclasses.is_dataclass(member):
                return build(member, value)
            if isinstance(value, list) and m_origin is tuple:
                return convert(member, value)
        return convert(members[0], value) if len(members) == 1 else _freeze(value)
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return build(hint, value)
    if origin is tuple and isinstance(value, list):
        item = args[0] if args else typing.Any
        return tuple(convert(item, v) for v in value)
    if origin in (Mapping, dict, typing.Mapping, collections.abc.Mapping) or hint in (Mapping, dict):
        vtype = args[1] if len(args) == 2 else typing.Any
        return types.MappingProxyType({k: convert(vtype, v) for k, v in value.items()})
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return _freeze(value)


def build(cls, data: Mapping, **extra):
    """Instantiate dataclass ``cls`` from validated data (unknown keys are ignored)."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in extra:
            kwargs[f.name] = extra[f.name]
        elif f.name in data:
            kwargs[f.name] = convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def from_data(data: Mapping, registry: Mapping, tiers: tuple = ()) -> Architecture:
    """Build the :class:`Architecture` from validated, defaulted data and the planned tiers."""
    network = None
    if data.get("network") is not None:
        net = data["network"]
        network = build(Network, net, tiers=tuple(tiers), endpoints=tuple(net.get("endpoints", ())))
    components = {}
    for name, comp in (data.get("components") or {}).items():
        components[name] = registry[comp["type"]].build(comp, name, registry)
    arch = _architecture(data, registry, network, components)
    finished = {name: registry[comp.type].finish(comp, arch) for name, comp in components.items()}
    if any(finished[name] is not comp for name, comp in components.items()):
        arch = _architecture(data, registry, network, finished)
    return arch


def _edges(components: Mapping, registry: Mapping) -> tuple:
    edges = []
    for comp in components.values():
        edges += [Edge("uses", comp.name, target, ("components", comp.name, "uses", target), mode)
                  for target, mode in comp.uses.items()]
        edges += list(registry[comp.type].edges(comp))
    return tuple(edges)


def _architecture(data: Mapping, registry: Mapping, network, components: dict) -> Architecture:
    return Architecture(
        name=data["name"],
        description=data.get("description"),
        region=data.get("region"),
        tags=convert(Mapping[str, str], data.get("tags") or {}),
        network=network,
        components=types.MappingProxyType(components),
        dns=build(Dns, data["dns"]) if data.get("dns") else None,
        monitoring=build(Monitoring, data.get("monitoring") or {}),
        overrides=_freeze(data.get("overrides") or {}),
        parameters=_freeze(data.get("parameters") or {}),
        review=build(ArchitectureReview, data.get("review") or {}),
        disaster_recovery=build(DisasterRecovery, data["disaster_recovery"]) if data.get("disaster_recovery") else None,
        backup=build(Backup, data["backup"]) if data.get("backup") is not None else None,
        encryption=data.get("encryption", "default"),
        edges=_edges(components, registry),
        kinds=types.MappingProxyType(dict(registry)),
    )
