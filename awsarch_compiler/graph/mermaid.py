"""A :class:`~.model.Diagram` as a Mermaid flowchart (renders on GitHub and in most Markdown viewers)."""
from __future__ import annotations

from .model import Cluster, Diagram

SHAPES = {"box": ('["', '"]'), "rounded": ('("', '")'), "hexagon": ('{{"', '"}}'), "cylinder": ('[("', '")]'),
          "queue": ('[/"', '"/]'), "key": ('[["', '"]]'), "folder": ('>"', '"]'), "cloud": ('(["', '"])'),
          "circle": ('(("', '"))'), "pipeline": ('[/"', '"\\]')}
STYLES = {"vpc": "fill:#fafafa,stroke:#616161", "public": "fill:#e8f5e9,stroke:#2e7d32",
          "private": "fill:#e3f2fd,stroke:#1565c0", "isolated": "fill:#f3e5f5,stroke:#6a1b9a",
          "services": "fill:#fff8e1,stroke:#ef6c00", "edge": "fill:#e0f7fa,stroke:#00838f"}


def text(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")


def _node(diagram: Diagram, node_id: str, indent: str) -> str:
    node = diagram.nodes[node_id]
    left, right = SHAPES.get(node.shape, SHAPES["box"])
    label = text(node.title) + (f"<br/><small>{text(node.detail)}</small>" if node.detail else "")
    return f"{indent}{node.id}{left}{label}{right}"


def _cluster(diagram: Diagram, cluster: Cluster, depth: int) -> list[str]:
    indent = "  " * depth
    out = [f'{indent}subgraph {cluster.id}["{text(cluster.title)}"]']
    out += [_node(diagram, n, indent + "  ") for n in cluster.nodes]
    for inner in cluster.clusters:
        out += _cluster(diagram, inner, depth + 1)
    out.append(f"{indent}end")
    return out


def _styles(clusters: list) -> list[str]:
    out = []
    for cluster in clusters:
        out.append(f"  style {cluster.id} {STYLES.get(cluster.kind, STYLES['vpc'])}")
        out += _styles(cluster.clusters)
    return out


def render(diagram: Diagram) -> str:
    out = ["flowchart LR"]
    out += [_node(diagram, n, "  ") for n in diagram.free]
    for cluster in diagram.clusters:
        out += _cluster(diagram, cluster, 1)
    for link in diagram.links:
        arrow = "-.->" if link.dashed else "-->"
        label = f'|"{text(link.label)}"|' if link.label else ""
        out.append(f"  {link.source} {arrow}{label} {link.target}")
    out += _styles(diagram.clusters)
    return "\n".join(out) + "\n"
