"""CIDR math for the network: validate explicit subnets, carve sized ones.

Pure functions over validated data. Explicit ``cidrs`` are checked first
(well-formed, inside the VPC, one per AZ, no overlaps); tiers given a
``size`` then get, AZ by AZ in declaration order, the lowest free aligned
block of that size, so the same file always yields the same subnets.

The address space is a sorted list of disjoint claimed blocks. Blocks of one
size are carved lowest first and never freed, so the search for the next
block of a size resumes where the last one of that size ended: carving N
subnets visits each claimed block at most once per distinct size, near
linear in N.
"""
from __future__ import annotations

import bisect
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


class _Space:
    """The VPC's address space: disjoint claimed blocks, sorted by first address."""

    def __init__(self, vpc: ipaddress.IPv4Network):
        self.vpc = vpc
        self.starts: list[int] = []
        self.blocks: list[tuple[int, int, ipaddress.IPv4Network, tuple]] = []  # (first, last, network, DSL path)
        self.floor: dict[int, int] = {}  # prefix length -> where the search for the next such block starts

    def overlap(self, net: ipaddress.IPv4Network):
        """The claimed block ``net`` overlaps, or None."""
        first, last = int(net.network_address), int(net.broadcast_address)
        i = bisect.bisect_right(self.starts, last) - 1
        if i >= 0 and self.blocks[i][1] >= first:
            return self.blocks[i]
        return None

    def claim(self, net: ipaddress.IPv4Network, path: tuple) -> None:
        first = int(net.network_address)
        i = bisect.bisect_left(self.starts, first)
        self.starts.insert(i, first)
        self.blocks.insert(i, (first, int(net.broadcast_address), net, path))

    def carve(self, prefix: int, path: tuple):
        """The lowest free aligned block of ``/prefix``, claimed; None when none is left."""
        size = 1 << (32 - prefix)
        start = max(self.floor.get(prefix, 0), int(self.vpc.network_address))
        start = -(-start // size) * size
        end = int(self.vpc.broadcast_address)
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while start + size - 1 <= end:
            while i < len(self.blocks) and self.blocks[i][1] < start:
                i += 1
            if i == len(self.blocks) or self.blocks[i][0] > start + size - 1:
                net = ipaddress.IPv4Network((start, prefix))
                self.claim(net, path)
                self.floor[prefix] = start + size
                return net
            start = -(-(self.blocks[i][1] + 1) // size) * size
        self.floor[prefix] = end + 1
        return None


def _explicit(name: str, tier: dict, azs: int, space: _Space, errors: list) -> list[str]:
    vpc = space.vpc
    path = ("network", "subnets", name, "cidrs")
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
        other = space.overlap(net)
        if other is not None:
            errors.append(error("E312", f"{net} overlaps {other[2]} ({'.'.join(map(str, other[3]))})", path + (i,),
                                "give every subnet its own block of the VPC CIDR"))
            continue
        space.claim(net, path + (i,))
        nets.append(str(net))
    return nets


def _sized(name: str, tier: dict, azs: int, space: _Space, errors: list) -> list[str]:
    vpc = space.vpc
    path = ("network", "subnets", name, "size")
    size = tier["size"]
    if size < vpc.prefixlen:
        errors.append(error("E315", f"a /{size} subnet does not fit in the /{vpc.prefixlen} VPC", path,
                            f"use a size of {vpc.prefixlen} or more"))
        return []
    nets = []
    for az in range(azs):
        block = space.carve(size, path)
        if block is None:
            errors.append(error("E316", f"no free /{size} block is left in {vpc} for tier '{name}' "
                                        f"in availability zone {az + 1}", path,
                                "use smaller subnets (a larger size number) or a larger VPC CIDR"))
            break
        nets.append(str(block))
    return nets


def plan(network: dict) -> tuple[list[Tier], list[Diagnostic]]:
    """Return the tiers with one CIDR per AZ, or the diagnostics saying why not."""
    errors: list[Diagnostic] = []
    vpc = _network(network["cidr"], ("network", "cidr"), errors)
    if vpc is None:
        return [], errors
    if not 16 <= vpc.prefixlen <= 28:
        errors.append(error("E324", f"a VPC CIDR must be a /16 to /28, not /{vpc.prefixlen}", ("network", "cidr")))
        return [], errors
    azs, tiers, space = network["availability_zones"], network["subnets"], _Space(vpc)
    resolved = {name: _explicit(name, tier, azs, space, errors) for name, tier in tiers.items() if "cidrs" in tier}
    resolved.update({name: _sized(name, tier, azs, space, errors) for name, tier in tiers.items() if "size" in tier})
    if errors:
        return [], errors
    return [Tier(name=n, type=t["type"], cidrs=tuple(resolved[n]), size=t.get("size")) for n, t in tiers.items()], []
