"""Checks of Route 53 beyond alias records: record forms and values, routing policies, health checks, zones.

What Route 53 would refuse, or accept and then answer wrongly, is an error here at the record's line:
a record set that is neither an alias nor values, values that do not fit their type, a CNAME beside
other records, routing policies mixed under one name, a failover pair that is not one primary and one
secondary, a failover primary or multi-value answer that nothing checks the health of, set
identifiers used twice, health checks of components with no public entry point, and alarms on
health-check metrics that exist only in us-east-1.
"""
from __future__ import annotations

import ipaddress
import re

from ..core.diagnostics import Diagnostic, did_you_mean, error
from ..core.model import Architecture
from ..core.regions import regions
from ..core.route53 import RecordEntry

METRIC_REGION = "us-east-1"  # Route 53 publishes health-check metrics there only
MX = re.compile(r"^\d{1,5} \S+$")
CAA = re.compile(r'^\d{1,3} (issue|issuewild|iodef|issuemail) "[^"]*"$')
SRV = re.compile(r"^\d{1,5} \d{1,5} \d{1,5} \S+$")
HOST = re.compile(r"^([A-Za-z0-9_*]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$")


def _value_problem(kind: str, value: str) -> str | None:
    if kind in ("A", "AAAA"):
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return f"'{value}' is not an IP address"
        wanted = 4 if kind == "A" else 6
        return None if address.version == wanted else f"'{value}' is not an IPv{wanted} address"
    forms = {"MX": (MX, "'PRIORITY HOST', such as '10 mail.example.com'"),
             "CAA": (CAA, "'FLAGS TAG \"VALUE\"', such as '0 issue \"amazon.com\"'"),
             "SRV": (SRV, "'PRIORITY WEIGHT PORT HOST'"), "CNAME": (HOST, "a host name"), "NS": (HOST, "a host name")}
    if kind in forms and not forms[kind][0].match(value):
        return f"'{value}' is not {forms[kind][1]}"
    return None


def _record_form(arch: Architecture, entry: RecordEntry) -> list[Diagnostic]:
    rec, path, out = entry.record, entry.path, []
    if (rec.target is None) == (not rec.values):
        out.append(error("E904", f"the record set of {entry.host} needs exactly one of target (an alias to a "
                                 "component) and values", path,
                         "write target: COMPONENT for an alias, or type: and values: [...]"))
        return out
    if rec.values and rec.type is None:
        out.append(error("E918", f"the record set of {entry.host} gives values and no type", path,
                         "add type: A, AAAA, CNAME, TXT, MX, CAA, NS or SRV"))
    if rec.target and (rec.type or rec.ttl is not None):
        key = "type" if rec.type else "ttl"
        out.append(error("E920", f"{key} is set on an alias record of {entry.host}; an alias takes the target's "
                                 "type and TTL", path + (key,), f"remove {key}, or give values instead of target"))
    for i, value in enumerate(rec.values if rec.type else ()):
        problem = _value_problem(rec.type, value)
        if problem:
            out.append(error("E909", f"{problem} ({rec.type} record of {entry.host})", path + ("values", i),
                             "write the value in the record type's form"))
    if rec.target in arch.components and rec.evaluate_target_health and not arch.kind(rec.target).target_health:
        out.append(error("E917", f"'{rec.target}' cannot report its health to Route 53 (a "
                                 f"{arch.components[rec.target].type})", path + ("evaluate_target_health",),
                         "attach a health_check: to the record set instead"))
    return out


def _cname(arch: Architecture, host: str, entries: list[RecordEntry]) -> list[Diagnostic]:
    cnames = [e for e in entries if e.record.type == "CNAME"]
    if not cnames:
        return []
    path = ("dns", "records", host)
    if host == arch.dns.zone.rstrip("."):
        return [error("E910", f"a CNAME record cannot be at the zone apex {host}", path,
                      "use an alias (target: COMPONENT) or A/AAAA values at the apex")]
    if len(cnames) != len(entries) or any(len(e.record.values) != 1 for e in cnames):
        return [error("E922", f"a CNAME record of {host} must be the name's only record, with one value", path,
                      "keep one CNAME value, or use A/AAAA records beside the others")]
    return []


def _health_needed(arch: Architecture, entry: RecordEntry) -> bool:
    """Whether Route 53 learns the record set's health: a health check, or an alias target that reports it."""
    rec = entry.record
    if rec.health_check:
        return True
    return bool(rec.target in arch.components and rec.evaluate_target_health is not False
                and arch.kind(rec.target).target_health)


def _routing(arch: Architecture, host: str, kind: str, entries: list[RecordEntry]) -> list[Diagnostic]:
    """The record sets of one name and type: one routing policy, complete, with health where it is needed."""
    policies = sorted({e.record.routing for e in entries})
    path = ("dns", "records", host)
    if len(policies) > 1 or (len(entries) > 1 and policies == ["simple"]):
        return [error("E905", f"the {kind} record sets of {host} mix routing policies ({', '.join(policies)})"
                      if len(policies) > 1 else f"{host} has several {kind} record sets and no routing policy", path,
                      "give every record set of a name the same policy: failover, weight, region (latency), "
                      "continent/country (geolocation) or multivalue; one simple record takes several values")]
    policy, out = policies[0], []
    if policy == "failover":
        roles = sorted(e.record.failover for e in entries)
        if roles != ["primary", "secondary"]:
            out.append(error("E906", f"failover records of {host} need one primary and one secondary, not "
                                     f"{', '.join(roles)}", path, "mark one record set failover: primary and "
                                                                  "the other failover: secondary"))
    seen: dict = {}
    for entry in entries:
        if policy in ("failover", "multivalue") and (entry.record.failover != "secondary") \
                and not _health_needed(arch, entry):
            what = "a failover primary" if policy == "failover" else "a multi-value answer"
            out.append(error("E907", f"{what} of {host} has no health check, so Route 53 never leaves it",
                             entry.path, "add health_check: NAME (a dns.health_checks entry), or alias a "
                                         "load balancer or API, whose health Route 53 evaluates"))
        ident = entry.record.identifier()
        if ident is not None and ident in seen:
            out.append(error("E908", f"two record sets of {host} have the set identifier '{ident}'", entry.path,
                             "give each record set its own set_id (or region, location, target)"))
        seen.setdefault(ident, entry)
        if entry.record.region and entry.record.region not in regions():
            out.append(error("E914", f"'{entry.record.region}' is not an AWS region", entry.path + ("region",),
                             did_you_mean(entry.record.region, regions()) or "name the target's region"))
    return out


def _health_checks(arch: Architecture) -> list[Diagnostic]:
    out = []
    for name, check in arch.dns.health_checks.items():
        path = ("dns", "health_checks", name)
        if (check.component is None) == (check.url is None):
            out.append(error("E903", f"health check '{name}' needs exactly one of component and url", path,
                             "write component: NAME (its public entry point) or url: https://HOST/PATH"))
            continue
        if check.component is not None:
            out += _checked_component(arch, name, check.component, path + ("component",))
        protocol = check.protocol or (check.url.split(":", 1)[0].upper() if check.url else None)
        if protocol == "TCP" and (check.search_string or check.path):
            key = "search_string" if check.search_string else "path"
            out.append(error("E916", f"health check '{name}' is TCP; {key} applies to HTTP and HTTPS only",
                             path + (key,), f"remove {key}, or check over HTTP or HTTPS"))
        if check.url and check.url.startswith("tcp://") and not re.search(r":\d+$", check.url):
            out.append(error("E919", f"health check '{name}' checks {check.url} and names no port", path + ("url",),
                             "write tcp://HOST:PORT"))
        if check.alarm:
            out += _alarm(arch, name, path + ("alarm",))
    return out


def _checked_component(arch: Architecture, name: str, target: str, path: tuple) -> list[Diagnostic]:
    if target not in arch.components:
        return [error("E921", f"health check '{name}' names '{target}', which is not a component", path,
                      did_you_mean(target, arch.components) or "name a component")]
    kind, comp = arch.kind(target), arch.components[target]
    problem = None if kind.dns_target else f"a {comp.type} has no public entry point"
    problem = problem or kind.alias_problem(comp)
    if problem:
        return [error("E902", f"health check '{name}' cannot check '{target}': {problem}", path,
                      "check an internet-facing load balancer, an API or a static site, or give url:")]
    return []


def _alarm(arch: Architecture, name: str, path: tuple) -> list[Diagnostic]:
    if not arch.monitoring.notify:
        return [error("E912", f"health check '{name}' has alarm: true and monitoring.notify is empty", path,
                      "add monitoring:  notify: [you@example.com]")]
    if arch.region and arch.region != METRIC_REGION and getattr(arch, "disaster_recovery", None) is None:
        return [error("E913", f"Route 53 publishes health-check metrics in {METRIC_REGION} only, and this "
                              f"architecture deploys in {arch.region}", path,
                      f"deploy with region: {METRIC_REGION}, or remove alarm")]
    return []


def _zone(arch: Architecture) -> list[Diagnostic]:
    dns, out = arch.dns, []
    if dns.zone_id and dns.creates_zone:
        key = "private" if dns.private else "create_zone"
        out.append(error("E915", "zone_id names an existing hosted zone and the templates would create one",
                         ("dns", key), f"remove zone_id to create the zone, or remove {key}"))
    if dns.private and arch.network is None:
        out.append(error("E911", "a private hosted zone is attached to the VPC, and the file has no network",
                         ("dns", "private"), "add a network: section, or remove private: true"))
    return out


def check(arch: Architecture) -> list[Diagnostic]:
    """Every Route 53 error of the file, at once."""
    if arch.dns is None:
        return []
    out = _zone(arch) + _health_checks(arch)
    by_host: dict = {}
    by_type: dict = {}
    for entry in arch.dns.record_sets():
        by_host.setdefault(entry.host, []).append(entry)
        by_type.setdefault((entry.host, entry.record.type or "A"), []).append(entry)
        out += _record_form(arch, entry)
        if entry.record.health_check and entry.record.health_check not in arch.dns.health_checks:
            out.append(error("E901", f"'{entry.record.health_check}' is not in dns.health_checks",
                             entry.path + ("health_check",),
                             did_you_mean(entry.record.health_check, arch.dns.health_checks)
                             or "define it under dns:  health_checks:"))
    for host, entries in by_host.items():
        out += _cname(arch, host, entries)
    for (host, kind), entries in by_type.items():
        out += _routing(arch, host, kind, entries)
    return out
