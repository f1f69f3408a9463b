"""Automatic stack splitting: large layers become numbered stacks, by component, stably."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from awsarch_compiler.core import loader, split
from awsarch_compiler.core.context import Entry
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import Options, compile_source

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import archgen  # noqa: E402


def _compile(document: dict, lint: bool = False):
    data, source = loader.load_text(archgen.to_yaml(document), "estate.yaml")
    return compile_source(data, source, Options(lint=lint))


def _with(document: dict, name: str, component: dict) -> dict:
    out = dict(document, components=dict(document["components"]))
    out["components"][name] = component
    return out


@pytest.fixture(scope="module")
def estate_999():
    return _compile(archgen.architecture(999))


@pytest.fixture(scope="module")
def estate_1000():
    return _compile(archgen.architecture(1000))


def _layer_files(result, layer):
    return sorted(f for f in result.stats if f.startswith(f"estate-{layer}"))


def test_a_thousand_components_compile_from_one_file(estate_1000):
    assert len(estate_1000.arch.components) == 1000
    assert not any(c.stack for c in estate_1000.arch.components.values())
    assert len(_layer_files(estate_1000, "compute")) > 1 and len(_layer_files(estate_1000, "data")) > 1
    for name, stats in estate_1000.stats.items():
        assert stats["resources"] <= 500 and stats["parameters"] <= 200 and stats["outputs"] <= 200, name
    assert estate_1000.stats["estate-compute.yaml"]["resources"] > 0  # the first stack keeps the layer's name
    assert set(estate_1000.placement) == set(estate_1000.arch.components)
    assert any(d.code == "W507" for d in estate_1000.warnings)  # the root is too large to deploy inline


def test_split_stacks_are_kept_under_80_percent(estate_1000):
    for name in _layer_files(estate_1000, "compute") + _layer_files(estate_1000, "data"):
        stats = estate_1000.stats[name]
        assert stats["resources"] <= 400 and stats["parameters"] <= 160 and stats["outputs"] <= 160, (name, stats)
    assert not [d for d in estate_1000.warnings if d.code == "W502"]


def test_a_component_is_never_split(estate_1000):
    """Every resource of a component that lands in one layer sits in one stack of it."""
    seen = {}
    for name, text in estate_1000.files.items():
        if name.endswith(".yaml") and name != "estate.yaml":
            layer = name[len("estate-"):-len(".yaml")].split("-")[0]
            for logical, body in yaml.load(text, Loader=_Loader)["Resources"].items():
                tags = {t["Key"]: t["Value"] for t in body.get("Properties", {}).get("Tags", []) if isinstance(t, dict)}
                owner = tags.get("awsarch:component")
                if owner:
                    assert seen.setdefault((owner, layer), name) == name, (owner, logical)
    assert len({owner for owner, _ in seen}) > 900


def test_adding_a_component_moves_no_other(estate_999, estate_1000):
    before = estate_999.placement
    after = estate_1000.placement
    assert {c: after[c] for c in before} == before



def test_adding_a_component_that_sorts_first_moves_no_other():
    before = _compile(archgen.architecture(400)).placement
    assert len(set(before.values())) > 4  # split layers
    after = _compile(_with(archgen.architecture(400), "aaa-first", {"type": "bucket"})).placement
    assert {c: after[c] for c in before} == before


def test_the_same_file_gives_the_same_stacks_under_any_hash_seed(tmp_path):
    arch = tmp_path / "estate.yaml"
    arch.write_text(archgen.to_yaml(archgen.architecture(260)))
    outputs = []
    for seed in ("0", "12345"):
        env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}
        env["PYTHONHASHSEED"] = seed
        out = tmp_path / f"out-{seed}"
        subprocess.run([sys.executable, "-m", "awsarch_compiler", str(arch), "-o", str(out), "--no-lint", "-q"],
                       env=env, check=True, capture_output=True, cwd=ROOT)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert "estate-compute-2.yaml" in outputs[0]


def test_a_split_estate_is_lint_clean():
    result = _compile(archgen.architecture(180), lint=True)
    assert "estate-compute-2.yaml" in result.files
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []


def _buckets(count):
    components = "".join(f"  b{i:03d}:\n    type: bucket\n" for i in range(count))
    data, source = loader.load_text(f"awsarch: 1\nname: many\ncomponents:\n{components}", "many.yaml")
    return compile_source(data, source, Options(lint=False))


def _at_quota() -> tuple[int, int]:
    """How many buckets (a bucket and its policy each) fill the data stack to exactly 500 resources,
    beside the layer's shared resources (the server-access-log bucket and its policy)."""
    shared = _buckets(1).stats["many-data.yaml"]["resources"] - 2
    assert shared % 2 == 0
    return (500 - shared) // 2, shared


def test_a_layer_at_its_quota_stays_one_stack():
    count, _ = _at_quota()
    result = _buckets(count)
    assert result.stats["many-data.yaml"]["resources"] == 500
    assert not [f for f in result.stats if f.startswith("many-data-")]


def test_one_resource_past_the_quota_splits_the_layer():
    count, _ = _at_quota()
    result = _buckets(count + 1)
    files = [f for f in result.stats if f.startswith("many-data")]
    assert files == ["many-data.yaml", "many-data-2.yaml"]
    counts = [result.stats[f]["resources"] for f in files]
    assert sum(counts) == 502 and max(counts) <= 400
    assert all(result.stats[f]["resources"] % 2 == 0 for f in files)  # a bucket and its policy stay together


# -- the placement function on its own: quotas at their edges ------------------------------------------------


def _entries(count, refs_per=1, exported=False, body_bytes=0):
    """``count`` components of one resource each in the compute layer, each naming ``refs_per`` values of
    its own in the data layer (parameters), or, with ``exported``, named by one monitoring resource each."""
    rendered, entries = {}, {}
    for i in range(count):
        logical = f"C{i:04d}"
        props = {"Pad": "x" * body_bytes, "Needs": [{"Fn::GetAtt": [f"D{i:04d}", f"Attr{j}"]} for j in range(refs_per)]}
        rendered[logical] = {"Type": "AWS::X::Y", "Properties": props}
        entries[logical] = Entry(None, f"c{i:04d}", "compute", ("components", f"c{i:04d}"))
        rendered[f"D{i:04d}"] = {"Type": "AWS::X::Y", "Properties": {}}
        entries[f"D{i:04d}"] = Entry(None, f"d{i:04d}", "data", ("components", f"d{i:04d}"))
        if exported:
            rendered[f"M{i:04d}"] = {"Type": "AWS::X::Y", "Properties": {"Watch": {"Ref": logical}}}
            entries[f"M{i:04d}"] = Entry(None, None, "monitoring", ("monitoring",))
    return rendered, entries


def _compute_stacks(rendered, entries):
    where, diags = split.place(rendered, entries, set(), set(), set())
    assert diags == []
    return sorted({s for logical, s in where.items() if logical.startswith("C")}, key=split.stack_order)


@pytest.mark.parametrize("count, refs_per, stacks", [(200, 1, 1), (201, 1, 2), (100, 2, 1), (101, 2, 2)])
def test_parameters_at_the_edge(count, refs_per, stacks):
    assert len(_compute_stacks(*_entries(count, refs_per))) == stacks


@pytest.mark.parametrize("count, stacks", [(200, 1), (201, 2)])
def test_outputs_at_the_edge(count, stacks):
    assert len(_compute_stacks(*_entries(count, 0, exported=True))) == stacks


def test_bytes_at_the_edge():
    small = _compute_stacks(*_entries(10, 0, body_bytes=45_000))  # about 900 kB
    large = _compute_stacks(*_entries(12, 0, body_bytes=45_000))  # past 1 MB
    assert len(small) == 1 and len(large) > 1


def test_stacks_are_numbered_by_their_hash_residue():
    assert split.stack_name("compute", 0) == "compute" and split.stack_name("compute", 3) == "compute-4"
    names = ["data-2", "compute-10", "compute", "network", "compute-2"]
    assert sorted(names, key=split.stack_order) == ["network", "data-2", "compute", "compute-2", "compute-10"]


def test_components_that_refer_to_each_other_share_a_stack():
    rendered, entries = _entries(300, 1)
    rendered["C0000"]["Properties"]["Peer"] = {"Ref": "C0299"}  # c0000 needs c0299: one unit
    where, _ = split.place(rendered, entries, set(), set(), set())
    assert where["C0000"] == where["C0299"]


def test_the_base_stays_in_the_first_stack():
    rendered, entries = _entries(300, 1)
    rendered["Shared"] = {"Type": "AWS::X::Y", "Properties": {"Uses": {"Ref": "C0150"}}}
    entries["Shared"] = Entry(None, None, "compute", ("monitoring",))
    where, _ = split.place(rendered, entries, {"c0007"}, set(), set())
    assert where["Shared"] == where["C0150"] == where["C0007"] == "compute"
    assert len({s for s in where.values() if s.startswith("compute")}) > 1


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


_Loader.add_multi_constructor("!", lambda loader_, suffix, node: None)
