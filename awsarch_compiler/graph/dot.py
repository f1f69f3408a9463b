"""A :class:`~.model.Diagram` as a Graphviz DOT graph (``dot -Tsvg`` or ``-Tpng`` draws it)."""
from __future__ import annotations

from .model import Cluster, Diagram

SHAPES = {"box": "box", "rounded": "box", "hexagon": "hexagon", "cylinder": "cylinder", "queue": "parallelogram",
          "key": "note", "folder": "folder", "cloud": "ellipse", "circle": "circle", "pipeline": "cds"}
COLORS = {"vpc": ("#fafafa", "#616161"), "public": ("#e8f5e9", "#2e7d32"), "private": ("#e3f2fd", "#1565c0"),
          "isolated": ("#f3e5f5", "#6a1b9a"), "services": ("#fff8e1", "#ef6c00"), "edge": ("#e0f7fa", "#00838f")}
HEAD = ['  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.35, ranksep=0.9, compound=true, '
        'newrank=true, pad=0.3];',
        '  node [fontname="Helvetica", fontsize=11, style="filled", fillcolor="white", color="#424242", margin="0.15,0.06"];',
        '  edge [fontname="Helvetica", fontsize=9, color="#546e7a", fontcolor="#37474f", arrowsize=0.7];']


def html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node(diagram: Diagram, node_id: str, indent: str) -> str:
    node = diagram.nodes[node_id]
    label = f"<B>{html(node.title)}</B>" + (f'<BR/><FONT POINT-SIZE="9">{html(node.detail)}</FONT>' if node.detail else "")
    style = ', style="filled,rounded"' if node.shape in ("rounded", "box") else ""
    return f"{indent}{node.id} [shape={SHAPES.get(node.shape, 'box')}{style}, label=<{label}>];"


def _cluster(diagram: Diagram, cluster: Cluster, depth: int) -> list[str]:
    indent = "  " * depth
    fill, line = COLORS.get(cluster.kind, COLORS["vpc"])
    out = [f"{indent}subgraph cluster_{cluster.id} {{",
           f'{indent}  label={quoted(cluster.title)}; style="filled,rounded"; fillcolor="{fill}"; color="{line}"; '
           f'fontcolor="{line}";']
    out += [_node(diagram, n, indent + "  ") for n in cluster.nodes]
    for inner in cluster.clusters:
        out += _cluster(diagram, inner, depth + 1)
    out.append(f"{indent}}}")
    return out


def render(diagram: Diagram) -> str:
    out = [f"digraph {quoted(diagram.name)} {{"] + HEAD
    out.append(f"  label={quoted(diagram.title)}; labelloc=t;")
    out += [_node(diagram, n, "  ") for n in diagram.free]
    for cluster in diagram.clusters:
        out += _cluster(diagram, cluster, 1)
    for link in diagram.links:
        attrs = [f"label={quoted(link.label)}"] if link.label else []
        if link.dashed:
            attrs.append("style=dashed")
        out.append(f"  {link.source} -> {link.target}" + (f" [{', '.join(attrs)}];" if attrs else ";"))
    out.append("}")
    return "\n".join(out) + "\n"
