"""Semantic checks of the architecture as a whole, that no single type owns.

What the schema cannot say: component names do not collide, ``uses`` names
existing components with modes their types offer (and a ``connect`` target
has a port), tiers exist and fit the component (nothing stateful in a public
tier), DNS records point at what can be aliased, and a component in a tier
without a route out finds every AWS API it calls as a VPC endpoint. Each
type's own checks run beside these (``ComponentType.check``) and call the
checks several types share from here (:func:`capacity_errors`,
:func:`environment_errors`), so one meaning keeps one code; every error is
collected.
"""
from __future__ import annotations

from .context import placement_tier
from .diagnostics import Diagnostic, did_you_mean, error
from .model import Architecture, Capacity, Component
from .naming import env_prefix, pascal
from .references import reference_errors

CONNECT = "connect"  # the access mode that opens the target's port to the user


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


def check_uses(arch: Architecture) -> list[Diagnostic]:
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
            kind = arch.kind(target)
            if mode not in kind.access:
                modes = ", ".join(kind.access) or "none"
                out.append(error("E305", f"a {kind.type_name} offers no '{mode}' access",
                                 path, f"{kind.type_name} access modes: {modes}"))
            elif mode == CONNECT and kind.port(arch.components[target]) is None:
                out.append(error("E327", f"'{comp.name}' connects to '{target}', which has no port", path,
                                 f"add port: N to '{target}' (the TCP port it listens on)"))
    return out


def capacity_errors(capacity: Capacity, path: tuple) -> list[Diagnostic]:
    """A ``capacity`` range (instance groups, container services) that cannot hold: min above max, desired outside."""
    if capacity.min > capacity.max:
        return [error("E328", f"capacity min ({capacity.min}) is above max ({capacity.max})",
                      path + ("capacity", "min"), "make min at most max")]
    if capacity.desired is not None and not capacity.min <= capacity.desired <= capacity.max:
        return [error("E329", f"capacity desired ({capacity.desired}) is outside min..max "
                              f"({capacity.min}..{capacity.max})", path + ("capacity", "desired"),
                      "choose desired between min and max, or leave it out")]
    return []


def environment_errors(comp: Component, environment, arch: Architecture, path: tuple) -> list[Diagnostic]:
    """A component's own ``environment`` names that its ``uses`` already set (functions, container services)."""
    from_uses = {}
    for target, mode in comp.uses.items():
        access = arch.kind(target).access.get(mode) if target in arch.components else None
        for suffix in getattr(access, "env", ()):
            from_uses[f"{env_prefix(target)}_{suffix}"] = target
    return [error("E330", f"environment {name} is already set by uses: {from_uses[name]}", path + ("environment", name),
                  "rename the variable, or drop it and use the value from uses")
            for name in environment if name in from_uses]


def check_placement(arch: Architecture) -> list[Diagnostic]:
    out = []
    for comp in arch.components.values():
        kind = arch.kind(comp.name)
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
        elif tier.type == "public" and kind.stateful:
            out.append(error("E317", f"a {comp.type} must not be in the public tier '{tier.name}'",
                             path + ("subnets",), "place it in an isolated or private tier"))
    return out


def check_dns(arch: Architecture) -> list[Diagnostic]:
    if arch.dns is None:
        return []
    out = []
    zone = arch.dns.zone.rstrip(".")
    for host in arch.dns.records:
        if host != zone and not host.endswith("." + zone):
            out.append(error("E318", f"'{host}' is not in the zone '{zone}'", ("dns", "records", host),
                             f"records must be {zone} or end in .{zone}"))
    aliasable = tuple(name for name, kind in arch.kinds.items() if kind.dns_target)
    for entry in arch.dns.record_sets():
        target = entry.record.target
        if target is None:
            continue
        path = entry.path if isinstance(arch.dns.records[entry.host], str) else entry.path + ("target",)
        found = reference_errors(arch, target, path, aliasable, "dns record target")
        out += found
        problem = None if found or arch.dns.private else arch.kind(target).alias_problem(arch.components[target])
        if problem:
            out.append(error("E319", problem, path))
    return out


def check_egress(arch: Architecture) -> list[Diagnostic]:
    """A component in a tier with no route out must find every AWS API it calls as a VPC endpoint."""
    if arch.network is None or not arch.network.tiers:
        return []
    out = []
    declared = arch.network.endpoints
    for comp in arch.components.values():
        kind = arch.kind(comp.name)
        if not kind.needs_vpc(comp):
            continue
        tier = placement_tier(arch, comp, kind)
        if tier is None or arch.network.routes_out(tier):
            continue
        missing = [e for e in kind.aws_services(comp, arch) if e not in declared]
        if missing:
            why = "is isolated" if tier.type == "isolated" else "has no NAT gateway (nat_gateways: none)"
            wanted = list(declared) + missing
            out.append(error(
                "E323", f"'{comp.name}' runs in tier '{tier.name}', which {why}, and calls AWS APIs "
                        f"with no VPC endpoint: {', '.join(missing)}", ("components", comp.name),
                f"add them under network:  endpoints: [{', '.join(wanted)}]"))
    return out


def check(arch: Architecture) -> list[Diagnostic]:
    """Every architecture-wide semantic error."""
    return check_names(arch) + check_uses(arch) + check_placement(arch) + check_dns(arch) + check_egress(arch)
