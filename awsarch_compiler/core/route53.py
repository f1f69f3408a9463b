"""The ``dns:`` section's model: the hosted zone, its records and Route 53 health checks.

A record's value in the DSL is one of three forms:

- a component name: an alias record to it (``www.example.com: site``);
- one record mapping: a plain record (``{type: MX, values: [...], ttl: 3600}``) or an alias with options;
- a list of record mappings: several record sets of one name under a routing policy (failover,
  latency, weighted, geolocation or multi-value answer), told apart by their set identifiers.

:meth:`Dns.record_sets` flattens them into :class:`RecordEntry` items, each with its DSL path;
:meth:`Dns.aliases` gives every (host, component) pair the other checks and generators read.
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Mapping, Optional, Union

EMPTY: Mapping = types.MappingProxyType({})
ROUTING_KEYS = (("failover", "failover"), ("weight", "weighted"), ("region", "latency"),
                ("continent", "geolocation"), ("country", "geolocation"), ("multivalue", "multivalue"))
DEFAULT_TTL = 300
HOSTED_ZONE = "HostedZone"  # the logical ID of the zone the templates create


@dataclass(frozen=True, kw_only=True)
class DnsHealthCheck:
    """``dns.health_checks.NAME``: a Route 53 health check of a component's entry point or of a URL."""

    component: Optional[str] = None
    url: Optional[str] = None
    protocol: Optional[str] = None  # HTTP | HTTPS | TCP; default from the URL or the component
    port: Optional[int] = None
    path: Optional[str] = None
    search_string: Optional[str] = None
    interval: int = 30
    failure_threshold: int = 3
    alarm: bool = False


@dataclass(frozen=True, kw_only=True)
class RecordSet:
    """One record set: an alias to ``target`` or ``values`` of ``type``, with an optional routing policy."""

    target: Optional[str] = None
    type: Optional[str] = None
    values: tuple[str, ...] = ()
    ttl: Optional[int] = None
    health_check: Optional[str] = None
    evaluate_target_health: Optional[bool] = None
    set_id: Optional[str] = None
    failover: Optional[str] = None
    weight: Optional[int] = None
    region: Optional[str] = None
    continent: Optional[str] = None
    country: Optional[str] = None
    subdivision: Optional[str] = None
    multivalue: bool = False

    @property
    def routing(self) -> str:
        """``simple``, ``failover``, ``weighted``, ``latency``, ``geolocation`` or ``multivalue``."""
        for key, policy in ROUTING_KEYS:
            if getattr(self, key) not in (None, False):
                return policy
        return "simple"

    def identifier(self) -> Optional[str]:
        """The set identifier: ``set_id``, else one derived from the routing key (stable, never a position)."""
        if self.set_id:
            return self.set_id
        policy = self.routing
        if policy == "simple":
            return None
        if policy == "failover":
            return self.failover
        if policy == "latency":
            return self.region
        if policy == "geolocation":
            where = self.continent or ("default" if self.country == "*" else self.country)
            return f"{where}-{self.subdivision}" if self.subdivision else where
        return self.target or (self.values[0] if self.values else policy)


@dataclass(frozen=True)
class RecordEntry:
    """A record set with its host name and where it is written."""

    host: str
    record: RecordSet
    path: tuple


@dataclass(frozen=True, kw_only=True)
class Dns:
    zone: str
    zone_id: Optional[str] = None  # the hosted zone's ID, when known (else a template parameter)
    create_zone: bool = False  # create the hosted zone in the templates
    private: bool = False  # a private hosted zone attached to the VPC (created)
    records: Mapping[str, Union[str, RecordSet, tuple[RecordSet, ...]]] = field(default_factory=lambda: EMPTY)
    health_checks: Mapping[str, DnsHealthCheck] = field(default_factory=lambda: EMPTY)

    @property
    def creates_zone(self) -> bool:
        return self.create_zone or self.private

    def record_sets(self) -> list[RecordEntry]:
        out = []
        for host, value in self.records.items():
            base = ("dns", "records", host)
            if isinstance(value, str):
                out.append(RecordEntry(host, RecordSet(target=value), base))
            elif isinstance(value, RecordSet):
                out.append(RecordEntry(host, value, base))
            else:
                out += [RecordEntry(host, rec, base + (i,)) for i, rec in enumerate(value)]
        return out

    def aliases(self) -> list[tuple[str, str]]:
        """(host, component) of every alias record set, in DSL order (a host may appear more than once)."""
        return [(e.host, e.record.target) for e in self.record_sets() if e.record.target]
