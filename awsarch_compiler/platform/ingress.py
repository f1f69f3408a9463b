"""``ingress:`` on a component: security-group rules from outside the ``uses`` edges.

A rule admits a CIDR (an office range, a partner's addresses), a managed prefix list or
another component's security group (a load balancer that is not routed here, a bastion) on
the ports it lists, one ``AWS::EC2::SecurityGroupIngress`` per source and port range. Rules
from CIDRs and prefix lists reach the component from outside the architecture, so each is
an opt-out the compile summary lists; the whole internet (``/0``) is refused: an
internet-facing load balancer is the way in for the public. With ``network_acls: strict``
the tier's network ACL opens the same CIDR and ports (and the return traffic).
"""
from __future__ import annotations

import ipaddress

from troposphere import GetAtt, ec2

from ..core.context import Context, placement_tier
from ..core.diagnostics import article, error
from ..core.model import Architecture
from ..core.naming import logical_id, security_group_id
from ..core.references import reference_errors
from . import connections

PROTOCOL_NUMBERS = {"tcp": 6, "udp": 17}


def check(arch: Architecture) -> list:
    out = []
    for comp in arch.components.values():
        for i, rule in enumerate(comp.ingress):
            out += list(_rule(comp, rule, arch, ("components", comp.name, "ingress", i)))
    return out


def _rule(comp, rule, arch: Architecture, here: tuple):
    if not arch.kind(comp.name).has_security_group(comp) or arch.network is None:
        return  # ingress is offered on types in the VPC only; without a network E307 says so
    for k, (low, high) in enumerate(rule.port_ranges):
        if not 1 <= low <= high <= 65535:
            yield error("E370", f"'{rule.ports[k]}' is not a port or a rising port range within 1-65535",
                        here + ("ports", k), "write a port such as 22, or a range such as \"8000-8100\"")
    if rule.cidr is not None:
        yield from _cidr(rule.cidr, arch, here + ("cidr",))
    if rule.prefix_list is not None and arch.network.network_acls == "strict":
        yield error("E371", "network ACLs take CIDRs, not prefix lists: with network_acls: strict this rule's "
                            "traffic would stop at the subnet", here + ("prefix_list",),
                    "list the prefix list's CIDRs as cidr: rules, or turn network_acls off")
    if rule.component is not None:
        yield from _source(comp, rule.component, arch, here + ("component",))


def _cidr(cidr: str, arch: Architecture, here: tuple):
    try:
        network = ipaddress.ip_network(cidr)
    except ValueError:
        yield error("E365", f"'{cidr}' is not a network address", here,
                    "write a network such as 203.0.113.0/24 (no host bits set), or one address as 198.51.100.7/32")
        return
    if network.prefixlen == 0:
        yield error("E366", f"ingress from {cidr} admits the whole internet", here,
                    "name the networks that need access (an office range, a partner's addresses), or serve the "
                    "public through an internet-facing load balancer")
    elif network.version == 6 and not getattr(arch.network, "ipv6", False):
        yield error("E367", f"the IPv6 rule from {cidr} needs IPv6 on the VPC", here,
                    "turn on network.ipv6: true, or use an IPv4 range")


def _source(comp, source: str, arch: Architecture, here: tuple):
    found = reference_errors(arch, source, here, (), "ingress source")
    if found:
        yield from found
    elif source == comp.name:
        yield error("E368", f"'{comp.name}' names itself as an ingress source", here,
                    "remove the rule: a component's own traffic does not pass its security group")
    elif not arch.kind(source).has_security_group(arch.components[source]):
        yield error("E369", f"ingress source '{source}' is {article(arch.components[source].type)} without a "
                            "security group", here, "name a component in the VPC (a load balancer, an instance group, "
                                                     "a container service, a function with vpc: true)")


def _slug(value: str) -> str:
    """A CIDR or prefix list ID as a logical-ID part: 203.0.113.0/24 -> 203x0x113x0m24."""
    return value.replace(".", "x").replace(":", "y").replace("/", "m")


def _port_label(rule, low: int, high: int) -> str:
    label = str(low) if low == high else f"{low}to{high}"
    return label if rule.protocol == "tcp" else f"{rule.protocol}{label}"


def generate(ctx: Context) -> None:
    """Every declared ingress rule, in the security stack beside the groups."""
    for comp in ctx.arch.components.values():
        for i, rule in enumerate(comp.ingress):
            for low, high in rule.port_ranges:
                _add(ctx, comp, rule, low, high, i)


def _add(ctx: Context, comp, rule, low: int, high: int, index: int) -> None:
    description = rule.description or _describe(rule)
    if rule.component is not None and rule.protocol == "tcp" and low == high:
        connections.add_ingress(ctx, comp.name, rule.component, low, description)
        return
    source = (rule.component,) if rule.component else (_slug(rule.cidr or rule.prefix_list), "Port")
    resource = ec2.SecurityGroupIngress(
        logical_id(comp.name, "From", *source, _port_label(rule, low, high), "Ingress"),
        GroupId=GetAtt(security_group_id(comp.name), "GroupId"), IpProtocol=rule.protocol,
        FromPort=low, ToPort=high, Description=description)
    if rule.component is not None:
        resource.SourceSecurityGroupId = GetAtt(security_group_id(rule.component), "GroupId")
    elif rule.prefix_list is not None:
        resource.SourcePrefixListId = rule.prefix_list
    elif ipaddress.ip_network(rule.cidr).version == 6:
        resource.CidrIpv6 = rule.cidr
    else:
        resource.CidrIp = rule.cidr
    ctx.add(resource, comp, layer="security")
    if rule.component is None:
        ports = ", ".join(str(p) for p in rule.ports)
        ctx.note(f"components.{comp.name}.ingress[{index}]: admits {rule.cidr or rule.prefix_list} on "
                 f"{rule.protocol} {ports} — traffic from outside the architecture")


def _describe(rule) -> str:
    return f"ingress from {rule.component or rule.cidr or rule.prefix_list}"


def acl_rules(arch: Architecture, tier) -> list[tuple]:
    """(egress, cidr, protocol number, (from, to), label) network ACL entries the tier's ingress
    rules from IPv4 CIDRs need under network_acls: strict: the ports in, the replies out."""
    out = []
    for comp in arch.components.values():
        placed = placement_tier(arch, comp, arch.kind(comp.name))
        for rule in comp.ingress:
            if rule.cidr is None or ipaddress.ip_network(rule.cidr).version != 4 or rule.cidr == arch.network.cidr:
                continue
            if placed is None or placed.name != tier.name:
                continue
            for low, high in rule.port_ranges:
                out.append((False, rule.cidr, PROTOCOL_NUMBERS[rule.protocol], (low, high),
                            f"{_slug(rule.cidr)}Port{_port_label(rule, low, high)}"))
            out.append((True, rule.cidr, PROTOCOL_NUMBERS[rule.protocol], (1024, 65535), f"{_slug(rule.cidr)}return"))
    return list(dict.fromkeys(out))
