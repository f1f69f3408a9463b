"""Nested-stack assembly: cross-stack wiring checked both ways, quotas, cycles."""
import pytest
import yaml

from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import Options, compile_file, compile_source

from conftest import SINGLE_REGION, example_ids


def _templates(result):
    return {name: yaml.load(text, Loader=_CfnLoader) for name, text in result.files.items() if not name.endswith(".json")}


class _CfnLoader(yaml.SafeLoader):
    """Reads the short intrinsic forms back as their long forms."""


def _intrinsic(loader_, suffix, node):
    key = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value = loader_.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
        return {key: value}
    if isinstance(node, yaml.SequenceNode):
        return {key: loader_.construct_sequence(node, deep=True)}
    return {key: loader_.construct_mapping(node, deep=True)}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@pytest.mark.parametrize("example", SINGLE_REGION, ids=example_ids(SINGLE_REGION))
def test_wiring_is_complete_both_ways(example):
    result = compile_file(example, Options(lint=False))
    templates = _templates(result)
    root_name = f"{result.arch.name}.yaml"
    root = templates.pop(root_name)
    stacks = {logical: body for logical, body in root["Resources"].items()
              if body["Type"] == "AWS::CloudFormation::Stack"}
    by_url = {body["Properties"]["TemplateURL"]: logical for logical, body in stacks.items()}
    assert sorted(by_url) == sorted(templates)
    for file, child in templates.items():
        passed = stacks[by_url[file]]["Properties"].get("Parameters", {})
        declared = child.get("Parameters", {})
        assert sorted(passed) == sorted(declared), f"{file}: parameters passed and declared differ"
        for name, value in passed.items():
            if "Fn::GetAtt" in value:
                owner, output = value["Fn::GetAtt"]
                owner_file = stacks[owner]["Properties"]["TemplateURL"]
                assert output.split(".", 1)[1] in templates[owner_file].get("Outputs", {}), (file, name)
            else:
                assert value == {"Ref": name} and name in root.get("Parameters", {}), (file, name)
    for output in root.get("Outputs", {}).values():
        ref = output["Value"].get("Fn::GetAtt") if isinstance(output["Value"], dict) else None
        if ref:
            owner_file = stacks[ref[0]]["Properties"]["TemplateURL"]
            assert ref[1].split(".", 1)[1] in templates[owner_file]["Outputs"]


def _buckets(count):
    components = "".join(f"  b{i:03d}:\n    type: bucket\n" for i in range(count))
    return f"awsarch: 1\nname: many\ncomponents:\n{components}"


def _compile_text(text):
    data, source = loader.load_text(text, "many.yaml")
    return compile_source(data, source, Options(lint=False))


def test_quota_warning_at_80_percent():
    result = _compile_text(_buckets(204))  # bucket + policy each, and the access-log bucket's: 410 of 500 resources
    codes = [(d.code, d.message) for d in result.warnings]
    assert any(code == "W502" and "many-data.yaml has 410 resources, 82%" in msg for code, msg in codes), codes


def test_quota_error_above_limit_names_the_fix():
    """Components pinned with stack: stay where they are pinned, even past the quota."""
    with pytest.raises(ArchError) as exc:
        _compile_text(_buckets(250).replace("    type: bucket\n", "    type: bucket\n    stack: data\n"))
    (diag,) = [d for d in exc.value.diagnostics if d.code == "E502"]
    assert "502 resources; CloudFormation's limit is 500" in diag.message
    assert "stack: NAME" in diag.hint


def test_moving_components_with_stack_splits_the_load():
    text = _buckets(251)
    text = text.replace("  b000:\n    type: bucket\n  b001:\n    type: bucket\n",  # 249 + the access-log bucket
                        "".join(f"  c{i:03d}:\n    type: bucket\n    stack: edge\n" for i in range(60)))
    result = _compile_text(text)
    assert result.stats["many-data.yaml"]["resources"] == 500
    assert result.stats["many-edge.yaml"]["resources"] == 120


def test_stack_cycle_is_an_error_naming_the_stacks():
    text = """awsarch: 1
name: loop
components:
  http:
    type: api
    routes: {GET /items: items}
  items:
    type: function
    runtime: python3.12
    handler: app.handler
    code: src/items
    uses: {http: invoke}
"""
    data, source = loader.load_text(text, "loop.yaml")
    with pytest.raises(ArchError) as exc:
        compile_source(data, source, Options(lint=False))
    (diag,) = exc.value.diagnostics
    assert diag.code == "E501" and "compute" in diag.message and "edge" in diag.message
    assert "stack:" in diag.hint
