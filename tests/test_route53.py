"""Route 53 beyond alias records: created zones (public and private), plain records with TTLs,
health checks (HTTP, HTTPS with a string match, TCP; of a component or a URL) with alarms, and
the failover, weighted, latency, geolocation and multi-value routing policies, compiled and
deployed into the emulator, which models hosted zones, record sets and health checks."""
import json

import boto3
import pytest

import emulator
from awsarch_compiler import pipeline
from awsarch_compiler.core import loader, output
from awsarch_compiler.core.diagnostics import ArchError

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "dns-routing.yaml"


def templates_of(result) -> dict:
    return {name: json.loads(text) for name, text in result.files.items() if name != output.MANIFEST}


def resources_of(templates: dict, kind: str) -> dict:
    return {lid: r["Properties"] for t in templates.values() for lid, r in t.get("Resources", {}).items()
            if r["Type"] == kind}


@pytest.fixture(scope="module")
def routed():
    result = pipeline.compile_file(EXAMPLE, pipeline.Options(fmt="json", lint=False))
    templates = templates_of(result)
    with emulator.emulated(result.files, "routed.json") as deployment:
        route53 = boto3.client("route53", region_name=emulator.REGION)
        zone_id = deployment.physical("HostedZone")
        records = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
        checks = route53.list_health_checks()["HealthChecks"]
        zone = route53.get_hosted_zone(Id=zone_id)["HostedZone"]
    return {"templates": templates, "deployment": deployment, "records": records, "checks": checks, "zone": zone}


def compile_text(text: str):
    data, source = loader.load_text(text, "arch.yaml")
    return pipeline.compile_source(data, source, pipeline.Options(fmt="json", lint=False))


def test_every_stack_deploys(routed):
    assert set(routed["deployment"].stacks.values()) == {"CREATE_COMPLETE"}
    assert routed["zone"]["Name"] == "routed.example.com."


def test_the_zone_is_created_in_the_network_stack_and_output(routed):
    network = routed["templates"]["routed-network.json"]["Resources"]
    assert network["HostedZone"]["Type"] == "AWS::Route53::HostedZone"
    assert "VPCs" not in network["HostedZone"]["Properties"]
    assert "HostedZoneId" in routed["templates"]["routed.json"]["Outputs"]
    # the load balancers' certificates are validated in the zone the templates create
    certs = resources_of(routed["templates"], "AWS::CertificateManager::Certificate")
    assert {c["DomainValidationOptions"][0]["HostedZoneId"]["Ref"] for c in certs.values()} == {"HostedZone"}


def by_name(records, name, kind="A"):
    return sorted((r for r in records if r["Name"] == name and r["Type"] == kind),
                  key=lambda r: r.get("SetIdentifier", ""))


def test_weighted_records_follow_their_health_checks(routed):
    app = by_name(routed["records"], "app.routed.example.com.")
    assert [(r["SetIdentifier"], r["Weight"]) for r in app] == [("blue", 90), ("green", 10)]
    assert all(r["AliasTarget"]["EvaluateTargetHealth"] for r in app)
    assert all(r.get("HealthCheckId") for r in app)


def test_failover_pair_and_geolocation(routed):
    status = by_name(routed["records"], "status.routed.example.com.")
    assert [r["Failover"] for r in status] == ["PRIMARY", "SECONDARY"]
    assert status[1]["ResourceRecords"] == [{"Value": "198.51.100.10"}] and status[1]["TTL"] == 60
    www = by_name(routed["records"], "www.routed.example.com.")
    assert sorted(r["SetIdentifier"] for r in www) == ["EU", "default"]
    geo = resources_of(routed["templates"], "AWS::Route53::RecordSet")
    assert geo["WwwRoutedExampleComEURecord"]["GeoLocation"] == {"ContinentCode": "EU"}
    assert geo["WwwRoutedExampleComDefaultRecord"]["GeoLocation"] == {"CountryCode": "*"}


def test_multivalue_answers_each_with_a_health_check(routed):
    office = by_name(routed["records"], "office.routed.example.com.")
    assert [r["SetIdentifier"] for r in office] == ["office-1", "office-2"]
    assert all(r["MultiValueAnswer"] and r["HealthCheckId"] for r in office)


def test_plain_records_with_ttls(routed):
    apex = "routed.example.com."
    assert by_name(routed["records"], apex, "MX")[0]["ResourceRecords"] == [{"Value": "10 mail.routed.example.com"}]
    assert by_name(routed["records"], apex, "TXT")[0]["ResourceRecords"] == [{"Value": '"v=spf1 mx -all"'}]
    assert by_name(routed["records"], apex, "CAA")[0]["TTL"] == 300
    assert by_name(routed["records"], "docs.routed.example.com.", "CNAME")[0]["TTL"] == 600


def test_health_checks_http_https_string_match_and_tcp(routed):
    configs = {c["HealthCheckConfig"].get("ResourcePath", c["HealthCheckConfig"].get("FullyQualifiedDomainName")):
               c["HealthCheckConfig"] for c in routed["checks"]}
    assert len(routed["checks"]) == 5
    kinds = sorted(c["HealthCheckConfig"]["Type"] for c in routed["checks"])
    assert kinds == ["HTTP", "HTTP", "HTTPS", "HTTPS_STR_MATCH", "TCP"]
    assert configs["mail.routed.example.com"]["Port"] == 25
    templates = resources_of(routed["templates"], "AWS::Route53::HealthCheck")
    blue = templates["BlueHealthCheck"]["HealthCheckConfig"]
    assert blue["SearchString"] == '"status":"ok"' and blue["Port"] == 443 and blue["EnableSNI"] is True
    assert templates["OfficeHealthCheck"]["HealthCheckConfig"]["RequestInterval"] == 10


def test_health_check_alarms_watch_the_status(routed):
    alarms = resources_of(routed["templates"], "AWS::CloudWatch::Alarm")
    blue = alarms["BlueHealthCheckAlarm"]
    assert (blue["Namespace"], blue["MetricName"], blue["ComparisonOperator"]) == (
        "AWS/Route53", "HealthCheckStatus", "LessThanThreshold")
    assert blue["AlarmActions"] == [{"Ref": "MonitoringAlarmTopic"}]
    assert "OfficeHealthCheckAlarm" not in alarms


PRIVATE = """
awsarch: 1
name: inside
network:
  cidr: 10.0.0.0/16
  subnets: {public: {type: public, size: 24}, app: {type: private, size: 24}}
components:
  api-lb:
    type: load-balancer
    scheme: internal
    listeners: [{port: 80, routes: [{target: api}]}]
  api: {type: instance-group, port: 8080, capacity: {min: 1, max: 2}}
dns:
  zone: corp.internal
  private: true
  records:
    api.corp.internal: api-lb
    ldap.corp.internal: {type: A, values: [10.0.9.10, 10.0.9.11], ttl: 60}
"""


def test_private_zone_is_attached_to_the_vpc_and_aliases_internal_load_balancers():
    templates = templates_of(compile_text(PRIVATE))
    zone = templates["inside-network.json"]["Resources"]["HostedZone"]["Properties"]
    assert zone["VPCs"] == [{"VPCId": {"Ref": "Vpc"}, "VPCRegion": {"Ref": "AWS::Region"}}]
    records = resources_of(templates, "AWS::Route53::RecordSet")
    assert records["ApiCorpInternalRecord"]["AliasTarget"]["EvaluateTargetHealth"] is False
    assert records["LdapCorpInternalARecord"]["ResourceRecords"] == ["10.0.9.10", "10.0.9.11"]


def test_a_public_zone_still_refuses_internal_load_balancers():
    with pytest.raises(ArchError) as caught:
        compile_text(PRIVATE.replace("  private: true\n", "  create_zone: true\n"))
    assert [d.code for d in caught.value.diagnostics] == ["E319"]


def test_long_txt_values_are_split_into_strings():
    text = PRIVATE.replace("    ldap.corp.internal: {type: A, values: [10.0.9.10, 10.0.9.11], ttl: 60}\n",
                           f"    key.corp.internal: {{type: TXT, values: ['{'k' * 300}']}}\n")
    records = resources_of(templates_of(compile_text(text)), "AWS::Route53::RecordSet")
    assert records["KeyCorpInternalTXTRecord"]["ResourceRecords"] == [f'"{"k" * 255}" "{"k" * 45}"']
