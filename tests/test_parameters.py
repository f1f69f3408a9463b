"""The top-level parameters: section: root parameters, the launch form's Interface, {param: NAME} fields."""
import textwrap

import jsonschema
import pytest

from awsarch_compiler.core import loader
from awsarch_compiler.pipeline import Options, compile_source
from awsarch_compiler.schema.build import published
from awsarch_compiler.types import registry

ARCH = textwrap.dedent("""\
    awsarch: 1
    name: paramdemo
    parameters:
      DbClass:
        label: Database instance class
        group: Database
        description: The RDS instance class
        default: db.t4g.medium
        allowed: [db.t4g.medium, db.r6g.large]
      WebType:
        label: Web instance type
        group: Application
        default: t3.small
      Spare: {default: x}
    network:
      cidr: 10.0.0.0/16
      subnets:
        app: {type: private, size: 24}
        data: {type: isolated, size: 24}
    components:
      db:
        type: database
        engine: postgres
        instance_class: {param: DbClass}
        multi_az: true
      web:
        type: instance-group
        instance_type: {param: WebType}
        port: 8080
        uses: {db: connect}
    """)


def compiled(text=ARCH, lint=False):
    data, source = loader.load_text(text, "params.yaml")
    return compile_source(data, source, Options(lint=lint))


@pytest.fixture(scope="module")
def result():
    return compiled(lint=True)


def test_root_parameters_with_type_values_and_the_launch_forms_interface(result):
    root = result.root_parameters
    assert root["DbClass"] == {"AllowedValues": ["db.t4g.medium", "db.r6g.large"], "Default": "db.t4g.medium",
                               "Description": "The RDS instance class", "Type": "String"}
    assert root["WebType"] == {"Default": "t3.small", "Type": "String"}
    text = result.files["paramdemo.yaml"]
    assert text.index("Metadata:") < text.index("Parameters:")
    assert ("  AWS::CloudFormation::Interface:\n    ParameterGroups:\n    - Label:\n        default: Database\n"
            "      Parameters:\n      - DbClass\n    - Label:\n        default: Application\n") in text
    assert "      DbClass:\n        default: Database instance class\n" in text


def test_fields_become_refs_passed_to_the_nested_stacks(result):
    assert "DBInstanceClass: !Ref DbClass" in result.files["paramdemo-data.yaml"]
    assert "InstanceType: !Ref WebType" in result.files["paramdemo-compute.yaml"]
    assert "DbClass: !Ref DbClass" in result.files["paramdemo.yaml"]


def test_lint_clean_and_an_unused_parameter_is_a_warning_left_out(result):
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    assert [(w.code, w.path) for w in result.warnings] == [("W407", ("parameters", "Spare"))]
    assert "Spare" not in result.root_parameters


def test_checks_review_and_cost_see_the_default():
    arch = compiled().arch
    assert arch.components["db"].instance_class == "db.t4g.medium"
    assert arch.components["web"].instance_type == "t3.small"


def test_an_environment_may_change_a_default():
    text = ARCH + "environments:\n  dev:\n    parameters:\n      WebType: {default: t3.micro}\n"
    data, source = loader.load_text(text, "params.yaml")
    result = compile_source(data, source, Options(lint=False, env="dev"))
    assert result.root_parameters["WebType"]["Default"] == "t3.micro"


def test_the_published_schema_takes_param_references_where_the_type_allows():
    data, _ = loader.load_text(ARCH, "params.yaml")
    jsonschema.Draft202012Validator(published()).validate(data)
    bad = dict(data, components={"db": {"type": "database", "engine": {"param": "DbClass"}}})
    assert not jsonschema.Draft202012Validator(published()).is_valid(bad)


def test_a_field_not_passed_through_unchanged_is_refused(monkeypatch):
    """The guard behind parameter_fields: a value the generator transforms cannot become a Ref."""
    function = registry()["function"]
    monkeypatch.setattr(type(function), "parameter_fields", ("memory",))
    text = ("awsarch: 1\nname: guard\nparameters:\n  Mem: {type: number, default: 256}\ncomponents:\n  fn:\n"
            "    type: function\n    runtime: python3.12\n    handler: index.handler\n"
            "    inline: \"def handler(e, c):\\n    return 1\\n\"\n    memory: {param: Mem}\n")
    with pytest.raises(Exception) as exc:
        compiled(text)
    assert [d.code for d in exc.value.diagnostics] == ["E409"]
    assert exc.value.diagnostics[0].path == ("components", "fn", "memory")
