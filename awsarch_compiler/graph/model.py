"""The diagram of an architecture, independent of any drawing syntax."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..core.context import placement_tier
from ..core.model import Architecture
from .labels import KIND_LABELS, detail, shape

INTERNET = "internet"
VPC = "vpc"
SERVICES = "services"
EDGE = "edge"
EDGE_TYPES = ("static-site", "api")  # outside the VPC, in front of it: their own cluster
ROUTE_LABELS = 2  # route labels shown per edge before "…"


@dataclass(frozen=True)
class Node:
    id: str
    title: str
    detail: str
    shape: str  # neutral: box, rounded, hexagon, cylinder, queue, key, folder, cloud, circle, pipeline
    kind: str  # the component type, or "internet"


@dataclass
class Cluster:
    id: str
    title: str
    kind: str  # vpc | public | private | isolated | services
    nodes: list = field(default_factory=list)  # node ids
    clusters: list = field(default_factory=list)  # nested clusters


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    label: str
    kind: str  # uses | forward | origin | route | trigger | deliver | ... | entry
    dashed: bool = False


@dataclass
class Diagram:
    name: str
    title: str
    nodes: dict = field(default_factory=dict)  # id -> Node
    clusters: list = field(default_factory=list)  # top-level clusters
    free: list = field(default_factory=list)  # node ids outside every cluster
    links: list = field(default_factory=list)


def node_id(name: str) -> str:
    """A component's id in the drawing syntaxes: prefixed, so that no name is a keyword (edge, end, graph)."""
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def _tier_title(arch: Architecture, tier, azs: bool) -> str:
    head = tier.name if tier.name == tier.type else f"{tier.name} · {tier.type}"
    if azs and tier.cidrs:
        head += " · " + " · ".join(f"AZ{i + 1} {c}" for i, c in enumerate(tier.cidrs))
    return head


def _vpc(arch: Architecture, azs: bool, placed: dict) -> Optional[Cluster]:
    net = arch.network
    if net is None:
        return None
    nat = {"none": "no NAT", "single": "1 NAT gateway", "per-az": "NAT per AZ"}.get(net.nat_gateways, net.nat_gateways)
    vpc = Cluster(VPC, f"VPC {net.cidr} · {net.availability_zones} AZs · {nat}", "vpc")
    for tier in net.tiers:
        members = [node_id(n) for n, t in placed.items() if t == tier.name]
        if members:
            vpc.clusters.append(Cluster(f"tier_{node_id(tier.name)}", _tier_title(arch, tier, azs), tier.type, members))
    return vpc


def _links(arch: Architecture) -> list[Link]:
    grouped: dict = {}
    for edge in arch.edges:
        if edge.source not in arch.components or edge.target not in arch.components:
            continue
        if edge.kind == "uses":
            port = arch.kind(edge.target).port(arch.components[edge.target]) if edge.detail == "connect" else None
            text = f"{edge.detail} :{port}" if port else str(edge.detail)
        elif edge.kind in ("origin", "route"):
            text = str(edge.detail)
        else:
            text = KIND_LABELS.get(edge.kind, edge.kind)
        grouped.setdefault((edge.source, edge.target, edge.kind), []).append(text)
        failures = getattr(edge.detail, "failure_destination", None) if edge.kind == "trigger" else None
        if failures in arch.components:
            grouped.setdefault((edge.target, failures, "failures"), []).append("failed batches")
    out = []
    for (source, target, kind), texts in grouped.items():
        texts = list(dict.fromkeys(texts))
        label = ", ".join(texts[:ROUTE_LABELS]) + (f" +{len(texts) - ROUTE_LABELS}" if len(texts) > ROUTE_LABELS else "")
        out.append(Link(node_id(source), node_id(target), label, kind, dashed=kind not in ("uses", "forward", "origin", "route")))
    return out


def _entries(arch: Architecture) -> list[Link]:
    names: dict = {}
    for host, target in (arch.dns.aliases() if arch.dns else ()):
        names.setdefault(target, []).append(host)
    out = []
    for comp in arch.components.values():
        public = comp.type in ("static-site", "api") or (
            comp.type == "load-balancer" and getattr(comp, "scheme", "") == "internet-facing")
        if public and not arch.edges_to(comp.name, "origin"):
            hosts = names.get(comp.name) or [h for h in (getattr(comp, "domain", None),) if h]
            out.append(Link(INTERNET, node_id(comp.name), ", ".join(hosts[:2]) or "HTTPS", "entry"))
    return out


def diagram(arch: Architecture, azs: bool = False) -> Diagram:
    """The diagram of ``arch``; ``azs``: tier clusters name their subnets per AZ."""
    out = Diagram(arch.name, arch.description or arch.name)
    placed = {}
    for comp in arch.components.values():
        out.nodes[node_id(comp.name)] = Node(node_id(comp.name), comp.name, detail(comp), shape(comp), comp.type)
        tier = placement_tier(arch, comp, arch.kind(comp.name))
        if tier is not None and arch.kind(comp.name).needs_vpc(comp):
            placed[comp.name] = tier.name
    entries = _entries(arch)
    if entries:
        out.nodes[INTERNET] = Node(INTERNET, "Internet", "", "circle", "internet")
        out.free.append(INTERNET)
    vpc = _vpc(arch, azs, placed)
    edge = [node_id(n) for n, c in arch.components.items() if n not in placed and c.type in EDGE_TYPES]
    outside = [node_id(n) for n, c in arch.components.items() if n not in placed and c.type not in EDGE_TYPES]
    if edge:
        out.clusters.append(Cluster(EDGE, "Edge: CloudFront and API Gateway", "edge", edge))
    if outside:
        out.clusters.append(Cluster(SERVICES, "Regional services outside the VPC", "services", outside))
    if vpc is not None and vpc.clusters:
        out.clusters.append(vpc)
    out.links = entries + _links(arch)
    return out
