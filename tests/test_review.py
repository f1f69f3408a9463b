"""The Well-Architected review: every rule with a case that finds it and one that does not,
suppressions (with a reason, unknown rules, missing reasons, unused ones), --strict, the CLI
and the generated rule reference."""
import json
import textwrap

import pytest

from awsarch_compiler import inspection
from awsarch_compiler.cli import main
from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import Options, compile_source
from awsarch_compiler.review.catalog import RULES
from awsarch_compiler.review.docs import rules_reference
from awsarch_compiler.review.rules import PILLARS
from awsarch_compiler.review.run import review
from awsarch_compiler.types import registry

from conftest import CONFORMANCE, EXAMPLES, ROOT, example_ids

NETWORK = """
network:
  nat_gateways: {nat}
  subnets:
    public: {{type: public, size: 24}}
    app: {{type: private, size: 24}}
    db: {{type: isolated, size: 24}}
"""
FN = "{type: function, runtime: python3.12, handler: app.handler, code: src"


def text(components: str, top: str = "", nat: str = "per-az") -> str:
    body = textwrap.indent(textwrap.dedent(components).strip("\n"), "  ")
    return f"awsarch: 1\nname: rv\n{NETWORK.format(nat=nat)}components:\n{body}\n{textwrap.dedent(top)}"


def found(source_text: str, strict: bool = False):
    data, source = loader.load_text(source_text, "t.yaml")
    arch, ctx = inspection.load_data(data, source)
    return review(arch, ctx, strict)


def rule_ids(source_text: str) -> set:
    return {r.id for r, _ in found(source_text).findings}


LB = "lb: {type: load-balancer, plain_http: true, listeners: [{port: 80, routes: [{target: web}]}]}\n"
WEB = "web: {type: instance-group, port: 80, capacity: {min: 2, max: 4}, scaling: {cpu_target: 60}}\n"
CASES = {
    "WA-OPS-001": (LB + WEB, LB + WEB, "monitoring: {notify: [a@b.co], alarms: [{component: lb, metric: http_5xx, threshold: 1}]}"),
    "WA-OPS-002": ("q: {type: queue}", "q: {type: queue}", "monitoring: {notify: [a@b.co]}"),
    "WA-OPS-003": (f"f: {FN}, log_retention_days: 7}}", f"f: {FN}, log_retention_days: 30}}", ""),
    "WA-OPS-004": (f"f: {FN}, uses: {{g: invoke}}}}\ng: {FN}}}", f"f: {FN}, uses: {{g: invoke}}}}\ng: {FN}}}",
                   "monitoring: {tracing: true}"),
    "WA-OPS-005": ("b: {type: bucket}", f"b: {{type: bucket}}\nf: {FN}, uses: {{b: read}}, triggers: [{{schedule: rate(1 hour)}}]}}", ""),
    "WA-SEC-001": (LB + WEB, "lb: {type: load-balancer, redirect_http: true, listeners: [{port: 443, protocol: HTTPS, "
                   "certificate: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', routes: [{target: web}]}]}\n" + WEB, ""),
    "WA-SEC-002": ("site: {type: static-site}", "site: {type: static-site, waf: true}", ""),
    "WA-SEC-003": ("s: {type: secret}", f"s: {{type: secret, rotation: {{function: rot}}}}\nrot: {FN}, uses: {{s: read-write}}}}", ""),
    "WA-SEC-004": (WEB, WEB, "overrides: {WebSecurityGroup: {Properties: {SecurityGroupIngress: []}}}"),
    "WA-SEC-005": (f"s: {{type: secret}}\nf: {FN}, uses: {{s: read-write}}}}", f"s: {{type: secret}}\nf: {FN}, uses: {{s: read}}}}", ""),
    "WA-SEC-006": ("q: {type: queue}", "q: {type: queue}", "monitoring: {audit_trail: true}"),
    "WA-SEC-007": ("q: {type: queue}", "q: {type: queue}", ""),
    "WA-SEC-008": ("c: {type: cache, auth: none}", "c: {type: cache}", ""),
    "WA-REL-001": (f"q: {{type: queue}}\nf: {FN}, timeout: 3, triggers: [{{queue: q}}]}}",
                   f"q: {{type: queue, dead_letter: {{max_receive: 5}}}}\nf: {FN}, timeout: 3, triggers: [{{queue: q}}]}}", ""),
    "WA-REL-002": ("q: {type: queue, dead_letter: {max_receive: 5}}", "q: {type: queue, dead_letter: {max_receive: 5}}",
                   "monitoring: {notify: [a@b.co], alarms: [{component: q, metric: dlq_depth, threshold: 1}]}"),
    "WA-REL-003": ("db: {type: database, engine: postgres, multi_az: false}", "db: {type: database, engine: postgres}", ""),
    "WA-REL-004": ("q: {type: queue}", "q: {type: queue}", ""),
    "WA-REL-005": (f"f: {FN}, triggers: [{{schedule: rate(1 hour)}}]}}",
                   f"f: {FN}, dead_letter: dlq, triggers: [{{schedule: rate(1 hour)}}]}}\ndlq: {{type: queue}}", ""),
    "WA-REL-006": ("t: {type: table, partition_key: {name: id}, point_in_time_recovery: false}",
                   "t: {type: table, partition_key: {name: id}}", ""),
    "WA-REL-007": ("q: {type: queue}", "q: {type: queue}", "review: {rto_minutes: 30}"),
    "WA-REL-008": (LB + "web: {type: instance-group, port: 80, capacity: {min: 1, max: 4}}", LB + WEB, ""),
    "WA-REL-009": ("ilb: {type: load-balancer, scheme: internal, listeners: [{port: 80, routes: [{target: web}]}]}\n" + WEB,
                   "ilb: {type: load-balancer, scheme: internal, listeners: [{port: 80, routes: [{target: web}]}]}\n" + WEB
                   + "caller: {type: instance-group, uses: {ilb: connect}}", ""),
    "WA-REL-010": ("db: {type: database, engine: postgres, deletion_protection: false}", "db: {type: database, engine: postgres}", ""),
    "WA-REL-011": (f"b: {{type: bucket}}\nf: {FN}, uses: {{b: read-write}}, triggers: [{{bucket: b}}]}}",
                   f"b: {{type: bucket}}\nf: {FN}, uses: {{b: read-write}}, triggers: [{{bucket: b, prefix: in/}}]}}", ""),
    "WA-REL-012": (LB + WEB + "job: {type: instance-group, subnets: db, uses: {lb: connect}}",
                   LB + WEB + "job: {type: instance-group, subnets: app, uses: {lb: connect}}", ""),
    "WA-PERF-001": (f"db: {{type: database, engine: postgres}}\nf: {FN}, vpc: true, uses: {{db: connect}}}}",
                    f"db: {{type: database, engine: postgres, proxy: true}}\nf: {FN}, vpc: true, uses: {{db: connect}}}}", ""),
    "WA-PERF-002": ("web: {type: instance-group, instance_type: t2.micro}", "web: {type: instance-group, instance_type: t3.micro}", ""),
    "WA-PERF-003": (f"api: {{type: api, routes: {{'GET /': f}}}}\nf: {FN}, timeout: 60}}",
                    f"api: {{type: api, routes: {{'GET /': f}}}}\nf: {FN}, timeout: 10}}", ""),
    "WA-PERF-004": (LB + "web: {type: instance-group, port: 80, capacity: {min: 2, max: 4}}", LB + WEB, ""),
    "WA-COST-001": ("q: {type: queue}", "q: {type: queue}", "monitoring: {notify: [a@b.co], budget: {monthly_usd: 100}}"),
    "WA-COST-002": ("q: {type: queue}", "q: {type: queue}", "review: {profile: development}"),
    "WA-COST-003": ("db: {type: database, engine: postgres}", "db: {type: database, engine: postgres, multi_az: false}",
                    "review: {profile: development}"),
    "WA-COST-004": ("db: {type: database, engine: postgres, storage: {type: gp2}}", "db: {type: database, engine: postgres}", ""),
    "WA-COST-005": ("b: {type: bucket}", "b: {type: bucket, lifecycle: [{expire_noncurrent_after_days: 30}]}", ""),
    "WA-SUS-001": (f"f: {FN}}}", f"f: {FN}, architecture: arm64}}", ""),
    "WA-SUS-002": ("c: {type: cache, node_type: cache.t3.micro}", "c: {type: cache}", ""),
    "WA-SUS-003": ("b: {type: bucket}", "b: {type: bucket, intelligent_tiering: true}", ""),
}
# Rules whose negative case differs in the network or the top level rather than the components.
NETWORK_CASES = {"WA-REL-004": ("single", "per-az"), "WA-COST-002": ("per-az", "single")}
TOP_ONLY_NEGATIVE = {"WA-OPS-001", "WA-OPS-002", "WA-OPS-004", "WA-SEC-006", "WA-REL-002", "WA-COST-001"}
TOP_ONLY_POSITIVE = {"WA-REL-007", "WA-COST-002", "WA-COST-003", "WA-SEC-004"}


def case_texts(rule_id):
    positive, negative, top = CASES[rule_id]
    nat_pos, nat_neg = NETWORK_CASES.get(rule_id, ("per-az", "per-az"))
    pos_top = top if rule_id in TOP_ONLY_POSITIVE else ""
    neg_top = top if rule_id in TOP_ONLY_NEGATIVE else ("review: {profile: development}" if rule_id == "WA-COST-003" else "")
    if rule_id == "WA-SEC-007":
        return text(positive, nat=nat_pos).replace("  subnets:", "  flow_logs: false\n  subnets:"), text(negative)
    return text(positive, pos_top, nat_pos), text(negative, neg_top, nat_neg)


def test_every_rule_has_a_case_and_there_are_enough_across_the_pillars():
    assert sorted(CASES) == sorted(RULES)
    assert len(RULES) >= 25
    assert {r.pillar for r in RULES.values()} == set(PILLARS)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_finds_the_positive_case_and_not_the_negative(rule_id):
    positive, negative = case_texts(rule_id)
    assert rule_id in rule_ids(positive)
    assert rule_id not in rule_ids(negative)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_documented(rule_id):
    rule = RULES[rule_id]
    assert rule.severity in ("high", "medium", "low") and rule.title and rule.rationale and rule.fix
    assert f"## {rule_id}" in rules_reference() and rule.fix in rules_reference()


def test_the_rules_reference_is_current():
    assert (ROOT / "docs" / "review-rules.md").read_text(encoding="utf-8") == rules_reference(), \
        "run: python -m awsarch_compiler.docs README.md"


SUPPRESSED = text("""
    db:
      type: database
      engine: postgres
      multi_az: false
      review:
        suppress: {WA-REL-003: "single AZ is fine for this batch job"}
    """, "review: {suppress: {WA-COST-001: 'the organisation budget covers this account'}}")


def test_a_suppression_with_a_reason_silences_the_finding_and_the_summary_lists_it():
    result = found(SUPPRESSED)
    assert "WA-REL-003" not in {r.id for r, _ in result.findings}
    assert [(r.id, f.component, reason) for r, f, reason in result.suppressed] == [
        ("WA-REL-003", "db", "single AZ is fine for this batch job"),
        ("WA-COST-001", None, "the organisation budget covers this account")]
    assert "review: WA-REL-003 suppressed on components.db: single AZ is fine for this batch job" in result.notes
    data, source = loader.load_text(SUPPRESSED, "t.yaml")
    compiled = compile_source(data, source, Options(lint=False))
    assert any("WA-REL-003 suppressed" in note for note in compiled.notes)
    assert all(d.code != "WA-REL-003" for d in compiled.review)


def test_a_component_suppression_does_not_silence_another_component():
    other = SUPPRESSED.replace("  db:\n", "  db2: {type: database, engine: postgres, multi_az: false}\n  db:\n")
    result = found(other)
    assert [f.component for r, f in result.findings if r.id == "WA-REL-003"] == ["db2"]


def test_an_unused_suppression_is_a_warning():
    result = found(SUPPRESSED.replace("multi_az: false", "multi_az: true"))
    assert [(d.code, d.severity, d.path) for d in result.diagnostics if d.code == "W801"] == [
        ("W801", "warning", ("components", "db", "review", "suppress", "WA-REL-003"))]


def test_findings_warn_during_compile_and_are_errors_with_strict(tmp_path, capsys):
    path = tmp_path / "arch.yaml"
    path.write_text(text("t: {type: table, partition_key: {name: id}, point_in_time_recovery: false}"))
    assert main([str(path), "-o", str(tmp_path / "out"), "--no-lint"]) == 0
    out = capsys.readouterr().out
    assert "  review: " in out and "warning WA-REL-006 at components.t: table 't' keeps no backup" in out
    assert main([str(path), "-o", str(tmp_path / "strict"), "--no-lint", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "error WA-REL-006" in err and not (tmp_path / "strict").exists()


def test_the_review_subcommand_prints_findings_and_a_summary(tmp_path, capsys):
    path = tmp_path / "arch.yaml"
    path.write_text(SUPPRESSED)
    assert main(["review", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning WA-SEC-006 at monitoring" in out
    assert f"{len(RULES)} rules: " in out and "2 suppressed" in out
    assert main(["review", str(path), "--strict"]) == 1


def test_the_review_subcommand_writes_json(tmp_path, capsys):
    path = tmp_path / "arch.yaml"
    path.write_text(SUPPRESSED)
    assert main(["review", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rules"] == len(RULES)
    by_rule = {row["rule"]: row for row in data["findings"]}
    assert by_rule["WA-REL-003"]["suppressed"] == "single AZ is fine for this batch job"
    assert by_rule["WA-SEC-006"]["pillar"] == "Security" and by_rule["WA-SEC-006"]["suppressed"] is None


def test_the_review_subcommand_reports_an_invalid_file(tmp_path, capsys):
    path = tmp_path / "arch.yaml"
    path.write_text("awsarch: 1\nname: x\ncomponents: {q: {type: queue, fifo: maybe}}\n")
    assert main(["review", str(path)]) == 1
    assert "error E203" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "missing.yaml")]) == 2


@pytest.mark.parametrize("path", EXAMPLES + CONFORMANCE, ids=example_ids(EXAMPLES) + [f"conformance-{p.stem}"
                                                                                     for p in CONFORMANCE])
def test_examples_and_conformance_architectures_review_without_errors(path):
    data, source = loader.load_file(path)
    kinds = registry()
    data["components"] = {n: c for n, c in data["components"].items() if c.get("type") in kinds}  # not yet offered
    arch, ctx = inspection.load_data(data, source)
    result = review(arch, ctx)
    assert [d for d in result.diagnostics if d.is_error] == []
    assert all(reason.strip() for _, _, reason in result.suppressed)


def test_a_stream_triggers_failure_destination_counts_as_used():
    arch_text = text(f"""
        s: {{type: stream}}
        failed: {{type: queue}}
        f: {FN}, triggers: [{{stream: s, failure_destination: failed}}]}}
        """)
    assert "failed" not in {f.component for r, f in found(arch_text).findings if r.id == "WA-OPS-005"}
