"""CIDR math for the network: validate explicit subnets, carve sized ones.

Pure functions over validated data. Explicit ``cidrs`` are checked first
(well-formed, inside the VPC, one per AZ, no overlaps); tiers given a
``size`` then get, AZ by AZ in declaration order, the lowest free aligned
block of that size, so the same file always yields the same subnets.
"""
from __future__ import annotations

import ipaddress

from ...core.diagnostics import Diagnostic, error
from ...core.model import Tier


def _network(text: str, path, errors: list[Diagnostic]):
    try:
        return ipaddress.IPv4Network(text, strict=True)
    except ValueError as exc:
        hint = None
        try:
            fixed = ipaddress.IPv4Network(text, strict=False)
            hint = f"did you mean '{fixed}'? (host bits are set)"
        except ValueError:
            pass
        errors.append(error("E310", f"'{text}' is not a valid IPv4 network: {exc}", path, hint))
        return None


def plan(network: dict) -> tuple[list[Tier], list[Diagnostic]]:
    """Return the tiers with one CIDR per AZ, or the diagnostics saying why not."""
    errors: list[Diagnostic] = []
    base = ("network",)
    vpc = _network(network["cidr"], base + ("cidr",), errors)
    if vpc is None:
        return [], errors
    if not 16 <= vpc.prefixlen <= 28:
        errors.append(error("E311", f"a VPC CIDR must be a /16 to /28, not /{vpc.prefixlen}", base + ("cidr",)))
        return [], errors
    azs = network["availability_zones"]
    taken: list[tuple[ipaddress.IPv4Network, tuple]] = []
    resolved: dict[str, list[str]] = {}

    def claim(net, path) -> bool:
        for other, other_path in taken:
            if net.overlaps(other):
                errors.append(error("E312", f"{net} overlaps {other} ({'.'.join(map(str, other_path))})", path,
                                    "give every subnet its own block of the VPC CIDR"))
                return False
        taken.append((net, path))
        return True

    tiers = network["subnets"]
    for name, tier in tiers.items():
        if "cidrs" not in tier:
            continue
        path = base + ("subnets", name, "cidrs")
        if len(tier["cidrs"]) != azs:
            errors.append(error("E313", f"tier '{name}' lists {len(tier['cidrs'])} CIDRs for {azs} availability zones",
                                path, "give exactly one CIDR per availability zone, or use size: N"))
        nets = []
        for i, text in enumerate(tier["cidrs"]):
            net = _network(text, path + (i,), errors)
            if net is None:
                continue
            if not net.subnet_of(vpc):
                errors.append(error("E314", f"{net} is not inside the VPC CIDR {vpc}", path + (i,),
                                    f"choose a block between {vpc.network_address} and {vpc.broadcast_address}"))
                continue
            if net.prefixlen > 28:
                errors.append(error("E311", f"a subnet must be /28 or larger, not /{net.prefixlen}", path + (i,)))
                continue
            if claim(net, path + (i,)):
                nets.append(str(net))
        resolved[name] = nets
    for name, tier in tiers.items():
        if "size" not in tier:
            continue
        path = base + ("subnets", name, "size")
        size = tier["size"]
        if size < vpc.prefixlen:
            errors.append(error("E315", f"a /{size} subnet does not fit in the /{vpc.prefixlen} VPC", path,
                                f"use a size of {vpc.prefixlen} or more"))
            continue
        nets = []
        for az in range(azs):
            block = next((c for c in vpc.subnets(new_prefix=size)
                          if not any(c.overlaps(t) for t, _ in taken)), None)
            if block is None:
                errors.append(error("E316", f"no free /{size} block is left in {vpc} for tier '{name}' "
                                            f"in availability zone {az + 1}", path,
                                    "use smaller subnets (a larger size number) or a larger VPC CIDR"))
                break
            taken.append((block, path))
            nets.append(str(block))
        resolved[name] = nets
    if errors:
        return [], errors
    return [Tier(name=n, type=t["type"], cidrs=tuple(resolved[n]), size=t.get("size")) for n, t in tiers.items()], []
