"""The architecture diagram: clusters per tier, shapes by type, labelled edges, Mermaid and DOT text,
SVG/PNG through Graphviz, the CLI, and every example's diagram in the README."""
import shutil
import textwrap

import pytest

from awsarch_compiler import inspection
from awsarch_compiler.cli import main
from awsarch_compiler.core import loader
from awsarch_compiler.graph import dot, mermaid
from awsarch_compiler.graph.docs import diagrams_section
from awsarch_compiler.graph.model import INTERNET, diagram, node_id
from awsarch_compiler.graph.render import draw

from conftest import EXAMPLES, ROOT, example_ids

THREE_TIER = ROOT / "examples" / "three-tier.yaml"
HAVE_DOT = shutil.which("dot") is not None


def arch_of(path):
    arch, _, _ = inspection.load(str(path))
    return arch


def all_cluster_nodes(clusters):
    out = []
    for cluster in clusters:
        out += cluster.nodes + all_cluster_nodes(cluster.clusters)
    return out


def test_three_tier_has_the_vpc_tiers_entry_points_and_labelled_uses():
    shape = diagram(arch_of(THREE_TIER))
    vpc = next(c for c in shape.clusters if c.kind == "vpc")
    tiers = {c.title: c.nodes for c in vpc.clusters}
    assert tiers == {"public": ["n_public_lb"], "app · private": ["n_web", "n_internal_lb", "n_api"],
                     "db · isolated": ["n_db"]}
    links = {(l.source, l.target): l.label for l in shape.links}
    assert links[(INTERNET, "n_public_lb")] == "api.example.com" and links[(INTERNET, "n_frontend")] == "example.com"
    assert links[("n_api", "n_db")] == "connect :5432" and links[("n_web", "n_internal_lb")] == "connect :5000"
    assert links[("n_public_lb", "n_web")] == "forwards" and links[("n_api", "n_artifacts")] == "read"
    assert shape.nodes["n_db"].shape == "cylinder" and shape.nodes["n_public_lb"].shape == "hexagon"
    assert shape.nodes["n_api"].detail == "EC2 t3.medium ×2–6"


def test_azs_name_each_tiers_subnets():
    shape = diagram(arch_of(THREE_TIER), azs=True)
    titles = [c.title for c in next(c for c in shape.clusters if c.kind == "vpc").clusters]
    assert "app · private · AZ1 10.0.3.0/24 · AZ2 10.0.4.0/24" in titles


@pytest.mark.parametrize("path", EXAMPLES, ids=example_ids(EXAMPLES))
def test_every_example_draws_every_component_once_and_links_only_drawn_nodes(path):
    arch = arch_of(path)
    shape = diagram(arch)
    placed = all_cluster_nodes(shape.clusters) + shape.free
    assert sorted(placed) == sorted(set(placed)) == sorted(shape.nodes)
    assert {node_id(n) for n in arch.components} <= set(placed)
    assert all(l.source in shape.nodes and l.target in shape.nodes for l in shape.links)
    text = mermaid.render(shape)
    assert text.startswith("flowchart LR\n") and text == mermaid.render(diagram(arch))
    assert text.count("subgraph ") == text.count("\n  end") + text.count("\n    end")
    assert dot.render(shape).startswith(f'digraph "{arch.name}" {{')


def test_names_that_are_keywords_are_drawn(tmp_path):
    text = "awsarch: 1\nname: kw\ncomponents:\n  edge: {type: queue}\n  end: {type: bucket}\n  graph: {type: topic}\n"
    data, source = loader.load_text(text, "kw.yaml")
    arch, _ = inspection.load_data(data, source)
    shape = diagram(arch)
    assert {"n_edge", "n_end", "n_graph"} <= set(shape.nodes)
    assert '    n_end[("end<br/>' in mermaid.render(shape)
    if HAVE_DOT:
        assert b"<svg" in draw(dot.render(shape), "svg")


def test_labels_are_escaped():
    assert mermaid.text('a "b" <c>') == "a #quot;b#quot; &lt;c&gt;"
    assert dot.html("<b>&") == "&lt;b&gt;&amp;" and dot.quoted('say "x"') == '"say \\"x\\""'


@pytest.mark.skipif(not HAVE_DOT, reason="Graphviz's dot is not installed (.ci/run installs it)")
@pytest.mark.parametrize("path", EXAMPLES, ids=example_ids(EXAMPLES))
def test_graphviz_draws_every_example(path):
    arch = arch_of(path)
    svg = draw(dot.render(diagram(arch)), "svg").decode("utf-8")
    assert "<svg" in svg
    assert all(f"<title>{node_id(name)}</title>" in svg for name in arch.components)


@pytest.mark.skipif(not HAVE_DOT, reason="Graphviz's dot is not installed (.ci/run installs it)")
def test_the_cli_writes_svg_and_png(tmp_path):
    assert main(["graph", str(THREE_TIER), "--format", "svg", "-o", str(tmp_path / "d.svg")]) == 0
    assert (tmp_path / "d.svg").read_text().lstrip().startswith("<?xml")
    assert main(["graph", str(THREE_TIER), "--format", "png", "-o", str(tmp_path / "d.png")]) == 0
    assert (tmp_path / "d.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_cli_writes_mermaid_and_dot_and_reports_missing_graphviz(tmp_path, capsys, monkeypatch):
    assert main(["graph", str(THREE_TIER)]) == 0
    assert capsys.readouterr().out.startswith("flowchart LR")
    assert main(["graph", str(THREE_TIER), "--format", "dot", "--azs", "-o", str(tmp_path / "d.dot")]) == 0
    assert "AZ1 10.0.3.0/24" in (tmp_path / "d.dot").read_text()
    monkeypatch.setattr("awsarch_compiler.graph.render.dot_program", lambda: None)
    assert main(["graph", str(THREE_TIER), "--format", "svg", "-o", str(tmp_path / "x.svg")]) == 2
    assert "apt-get install graphviz" in capsys.readouterr().err


def test_the_readme_shows_every_examples_diagram():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = diagrams_section()
    assert section in readme
    for path in EXAMPLES:
        assert f"#### `examples/{path.name}`" in section
    assert section.count("```mermaid") == len(EXAMPLES)
