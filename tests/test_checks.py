"""Semantic checks: references, access modes, placement, DNS, alarms, names — located, with hints,
all reported together; and every registered type documents what it offers."""
import copy

import pytest

from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types import registry
from awsarch_compiler.pipeline import build_model

KINDS = registry()
NETWORK = {"cidr": "10.0.0.0/16",
           "subnets": {"public": {"type": "public", "size": 24}, "app": {"type": "private", "size": 24},
                       "data": {"type": "isolated", "size": 24}}}


def arch(components=None, **extra):
    return {"awsarch": 1, "name": "shop", "network": copy.deepcopy(NETWORK), "components": components or {},
            **extra}


def diagnostics(data) -> list:
    text = loader.yaml.safe_dump(data, sort_keys=False)
    parsed, source = loader.load_text(text, "arch.yaml")
    with pytest.raises(ArchError) as exc:
        build_model(parsed, source)
    return exc.value.diagnostics


def only(data, code):
    found = diagnostics(data)
    assert [d.code for d in found] == [code], [d.format() for d in found]
    diag = found[0]
    assert diag.file == "arch.yaml" and diag.line, diag
    return diag


FUNCTION = {"type": "function", "runtime": "python3.13", "handler": "app.handler", "code": "src/app"}


def needs(*types):
    missing = [t for t in types if t not in KINDS]
    if missing:
        pytest.skip(f"types not registered: {missing}")


def test_uses_unknown_target_gets_did_you_mean():
    needs("function", "bucket")
    diag = only(arch({"app": {**FUNCTION, "uses": {"fles": "read"}}, "files": {"type": "bucket"}}), "E301")
    assert diag.path == ("components", "app", "uses", "fles")
    assert diag.hint == "did you mean 'files'?"


def test_uses_unknown_target_without_near_miss_lists_components():
    needs("function", "bucket")
    diag = only(arch({"app": {**FUNCTION, "uses": {"zzzz": "read"}}, "files": {"type": "bucket"}}), "E301")
    assert "app" in diag.hint and "files" in diag.hint


def test_access_mode_not_offered_lists_the_offered_modes():
    needs("function", "bucket")
    diag = only(arch({"app": {**FUNCTION, "uses": {"files": "connect"}}, "files": {"type": "bucket"}}), "E305")
    for mode in KINDS["bucket"].access:
        assert mode in diag.hint


def test_self_use():
    needs("function")
    diag = only(arch({"app": {**FUNCTION, "uses": {"app": "invoke"}}}), "E304")
    assert diag.path == ("components", "app", "uses", "app")


def test_unknown_tier_gets_did_you_mean():
    needs("database")
    diag = only(arch({"db": {"type": "database", "engine": "postgres", "subnets": "dat"}}), "E308")
    assert diag.hint == "did you mean 'data'?"


def test_database_in_public_tier():
    needs("database")
    only(arch({"db": {"type": "database", "engine": "postgres", "subnets": "public"}}), "E317")


@pytest.mark.parametrize("type_name", sorted(t for t in ("database", "cache", "file-system") if t in KINDS))
def test_stateful_types_are_never_public(type_name):
    from awsarch_compiler.schema.validate import load_schema
    props = load_schema()["$defs"][type_name]["properties"]
    if "subnets" not in props:
        pytest.skip(f"a {type_name} has no subnets field")
    component = {"type": type_name, "subnets": "public"}
    if type_name == "database":
        component["engine"] = "postgres"
    codes = [d.code for d in diagnostics(arch({"x": component}))]
    assert "E317" in codes


def test_needs_a_tier_of_the_right_kind():
    needs("database")
    data = arch({"db": {"type": "database", "engine": "postgres"}})
    data["network"]["subnets"] = {"public": {"type": "public", "size": 24}}
    diag = only(data, "E309")
    assert "add a tier" in diag.hint


def test_dns_record_outside_zone_and_to_a_non_routable_type():
    needs("bucket")
    found = diagnostics(arch({"files": {"type": "bucket"}}, dns={"zone": "example.com",
                                                                 "records": {"www.example.org": "files"}}))
    assert {d.code for d in found} == {"E318", "E302"}
    assert all(d.path == ("dns", "records", "www.example.org") for d in found)


def test_dns_record_to_an_internal_load_balancer():
    needs("load-balancer")
    lb = {"type": "load-balancer", "scheme": "internal", "subnets": "app",
          "listeners": [{"port": 80, "protocol": "HTTP"}]}
    codes = [d.code for d in diagnostics(arch({"lb": lb}, dns={"zone": "example.com",
                                                              "records": {"example.com": "lb"}}))]
    assert "E319" in codes


def test_alarm_on_an_unknown_metric_gets_did_you_mean_or_the_list():
    with_metrics = [name for name, kind in KINDS.items() if kind.metrics]
    if not with_metrics:
        pytest.skip("no registered type offers metrics")
    needs("database")
    metric = sorted(KINDS["database"].metrics)[0]
    diag = only(arch({"db": {"type": "database", "engine": "postgres"}},
                     monitoring={"notify": ["ops@example.com"],
                                 "alarms": [{"component": "db", "metric": metric + "x", "threshold": 1}]}), "E320")
    assert diag.path == ("monitoring", "alarms", 0, "metric")
    assert diag.hint == f"did you mean '{metric}'?"


def test_alarm_on_an_unknown_component():
    diag = only(arch({}, monitoring={"notify": ["ops@example.com"],
                                     "alarms": [{"component": "nope", "metric": "cpu", "threshold": 1}]}), "E301")
    assert diag.path == ("monitoring", "alarms", 0, "component")


def test_alarms_and_budgets_need_notify():
    only(arch({}, monitoring={"budget": {"monthly_usd": 10}}), "E321")


def test_names_that_collide_as_logical_ids():
    needs("bucket")
    diag = only(arch({"my-files": {"type": "bucket"}, "myfiles": {"type": "bucket"}}), "E303")
    assert diag.path == ("components", "myfiles")
    assert "rename" in diag.hint


def test_every_semantic_error_is_reported_in_one_run():
    needs("function", "bucket", "database")
    data = arch({"app": {**FUNCTION, "uses": {"app": "invoke", "files": "connect", "nope": "read"}},
                 "files": {"type": "bucket"}, "db": {"type": "database", "engine": "postgres", "subnets": "pub"}},
                monitoring={"budget": {"monthly_usd": 10}})
    codes = sorted(d.code for d in diagnostics(data))
    assert {"E304", "E305", "E301", "E308", "E321"} <= set(codes), codes
    lines = [d.line for d in diagnostics(data)]
    assert lines == sorted(lines), "errors are reported in file order"


@pytest.mark.parametrize("type_name", sorted(KINDS))
def test_every_type_documents_its_access_modes_and_metrics(type_name):
    kind = KINDS[type_name]
    assert kind.type_name == type_name
    assert kind.layer in ("network", "security", "data", "compute", "edge", "pipeline", "monitoring")
    for mode, access in kind.access.items():
        assert mode in ("connect", "read", "write", "read-write", "send", "consume", "publish", "invoke", "mount"), \
            f"{type_name}: unexpected access mode '{mode}'"
        assert access.description.strip(), f"{type_name}.{mode} needs a description"
    for name, metric in kind.metrics.items():
        assert metric.namespace.split("/")[0] in ("AWS", "ECS"), f"{type_name}.{name}: {metric.namespace}"
        assert metric.name and callable(metric.dimensions), f"{type_name}.{name}"
