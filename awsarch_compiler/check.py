"""Stage: semantic checks on the typed model.

What the schema cannot say: references name existing components of a
fitting type with a valid access mode, tiers exist and fit the component,
names do not collide, alarms name real metrics. Each component type adds
its own checks through ``ComponentType.check``. Every error is collected.
"""
from __future__ import annotations

from .core.context import placement_tier
from .core.diagnostics import Diagnostic, did_you_mean, error
from .core.model import Architecture
from .core.naming import pascal

# Which tier kinds each placement may use; a database in a public tier is an error.
STATEFUL_TYPES = ("database", "cache", "file-system")


def reference_errors(arch: Architecture, name: str, path: tuple, allowed_types: tuple, what: str,
                     code: str | None = None) -> list[Diagnostic]:
    """Errors for a reference to component ``name`` that must exist (and be one of ``allowed_types``).

    ``code`` replaces the generic E301/E302 for references a component type checks itself.
    """
    if name not in arch.components:
        return [error(code or "E301", f"{what} '{name}' is not a component", path,
                      did_you_mean(name, arch.components) or
                      (f"components: {', '.join(arch.components)}" if arch.components else "add it under components:"))]
    actual = arch.components[name].type
    if allowed_types and actual not in allowed_types:
        fitting = [n for n, c in arch.components.items() if c.type in allowed_types]
        return [error(code or "E302", f"{what} '{name}' is a {actual}; it must be a {' or '.join(allowed_types)}", path,
                      f"fitting components: {', '.join(fitting)}" if fitting else
                      f"add a {allowed_types[0]} component to point at")]
    return []


def check_names(arch: Architecture) -> list[Diagnostic]:
    seen: dict[str, str] = {}
    out = []
    for name in arch.components:
        key = pascal(name).lower()
        if key in seen:
            out.append(error("E303", f"components '{seen[key]}' and '{name}' would share logical IDs "
                                     f"('{pascal(seen[key])}' / '{pascal(name)}')",
                             ("components", name), "rename one of them"))
        seen.setdefault(key, name)
    return out


def check_uses(arch: Architecture, registry) -> list[Diagnostic]:
    out = []
    for comp in arch.components.values():
        for target, mode in comp.uses.items():
            path = ("components", comp.name, "uses", target)
            if target == comp.name:
                out.append(error("E304", f"'{comp.name}' cannot use itself", path,
                                 f"remove '{comp.name}' from its own uses"))
                continue
            found = reference_errors(arch, target, path, (), "uses target")
            if found:
                out += found
                continue
            kind = registry[arch.components[target].type]
            if mode not in kind.access:
                modes = ", ".join(kind.access) or "none"
                out.append(error("E305", f"a {kind.type_name} offers no '{mode}' access",
                                 path, f"{kind.type_name} access modes: {modes}"))
    return out


def check_placement(arch: Architecture, registry) -> list[Diagnostic]:
    out = []
    for comp in arch.components.values():
        kind = registry[comp.type]
        path = ("components", comp.name)
        needs = kind.needs_vpc(comp)
        if comp.subnets and not needs:
            out.append(error("E306", f"a {comp.type} is not placed in a VPC, so 'subnets' does not apply",
                             path + ("subnets",), "remove 'subnets'"))
            continue
        if not needs:
            continue
        if arch.network is None:
            out.append(error("E307", f"'{comp.name}' ({comp.type}) runs in a VPC, but the file has no network",
                             path, "add a network: section with cidr and subnets"))
            continue
        if not arch.network.tiers:
            continue  # the network plan already failed
        tier_names = [t.name for t in arch.network.tiers]
        if comp.subnets and comp.subnets not in tier_names:
            out.append(error("E308", f"tier '{comp.subnets}' is not in network.subnets", path + ("subnets",),
                             did_you_mean(comp.subnets, tier_names) or f"tiers: {', '.join(tier_names)}"))
            continue
        tier = placement_tier(arch, comp, kind)
        if tier is None:
            wanted = " or ".join(kind.default_tiers(comp))
            out.append(error("E309", f"'{comp.name}' needs a {wanted} subnet tier and the network has none",
                             path, f"add a tier such as  app: {{type: {kind.default_tiers(comp)[0]}, size: 24}}"))
        elif tier.type == "public" and comp.type in STATEFUL_TYPES:
            out.append(error("E317", f"a {comp.type} must not be in the public tier '{tier.name}'",
                             path + ("subnets",), "place it in an isolated or private tier"))
    return out


def check_dns(arch: Architecture) -> list[Diagnostic]:
    if arch.dns is None:
        return []
    out = []
    zone = arch.dns.zone.rstrip(".")
    for host, target in arch.dns.records.items():
        path = ("dns", "records", host)
        if host != zone and not host.endswith("." + zone):
            out.append(error("E318", f"'{host}' is not in the zone '{zone}'", path,
                             f"records must be {zone} or end in .{zone}"))
        found = reference_errors(arch, target, path, ("static-site", "load-balancer", "api"), "dns record target")
        out += found
        if not found and arch.components[target].type == "load-balancer" and arch.components[target].scheme != "internet-facing":
            out.append(error("E319", f"'{target}' is an internal load balancer; a public record cannot point to it", path))
    return out


def check_alarms(arch: Architecture, registry) -> list[Diagnostic]:
    out = []
    monitoring = arch.monitoring
    for i, alarm in enumerate(monitoring.alarms):
        path = ("monitoring", "alarms", i)
        found = reference_errors(arch, alarm.component, path + ("component",), (), "alarm component")
        if found:
            out += found
            continue
        kind = registry[arch.components[alarm.component].type]
        if alarm.metric not in kind.metrics:
            names = sorted(kind.metrics)
            out.append(error("E320", f"a {kind.type_name} has no metric '{alarm.metric}'", path + ("metric",),
                             did_you_mean(alarm.metric, names) or
                             (f"{kind.type_name} metrics: {', '.join(names)}" if names else None)))
    if (monitoring.alarms or monitoring.budget) and not monitoring.notify:
        out.append(error("E321", "alarms and budgets need someone to tell", ("monitoring",),
                         "add notify: [you@example.com]"))
    return out


def _routes_out(tier, network) -> bool:
    return tier.type == "public" or (tier.type == "private" and network.nat_gateways != "none")


def check_egress(arch: Architecture, registry) -> list[Diagnostic]:
    """A component in a tier with no route out must find every AWS API it calls as a VPC endpoint."""
    if arch.network is None or not arch.network.tiers:
        return []
    out = []
    declared = arch.network.endpoints
    for comp in arch.components.values():
        kind = registry[comp.type]
        if not kind.needs_vpc(comp):
            continue
        tier = placement_tier(arch, comp, kind)
        if tier is None or _routes_out(tier, arch.network):
            continue
        missing = [e for e in kind.aws_services(comp, arch) if e not in declared]
        if missing:
            why = "is isolated" if tier.type == "isolated" else "has no NAT gateway (nat_gateways: none)"
            wanted = list(declared) + missing
            out.append(error(
                "E389", f"'{comp.name}' runs in tier '{tier.name}', which {why}, and calls AWS APIs "
                        f"with no VPC endpoint: {', '.join(missing)}", ("components", comp.name),
                f"add them under network:  endpoints: [{', '.join(wanted)}]"))
    return out


def check(arch: Architecture, registry) -> list[Diagnostic]:
    """Every semantic error of the architecture."""
    out = check_names(arch) + check_uses(arch, registry) + check_placement(arch, registry)
    out += check_dns(arch) + check_alarms(arch, registry) + check_egress(arch, registry)
    from .platform.monitoring import alarms as monitoring  # its own checks: duplicate alarms, budget recipients
    out += monitoring.check(arch, registry)
    for comp in arch.components.values():
        out += list(registry[comp.type].check(comp, arch))
    return out
