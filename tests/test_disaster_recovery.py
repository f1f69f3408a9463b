"""Multi-region disaster recovery: the four strategies compiled from one file each, deployed region by
region into the emulator in the manifest's order (each step's parameters wired from the outputs of the
steps before it), with what moto models asserted: the regions' stacks, the replicas and the DNS records;
and the model-level facts (what each region holds, RPO/RTO, deterministic names) from the templates."""
import json

import boto3
import pytest

import emulator
from awsarch_compiler import pipeline
from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.core.recovery import DisasterRecovery

from conftest import MULTI_REGION, ROOT
from test_model_schema import DEFS, compare  # the schema comparison every model section gets

EXAMPLES = {p.stem: p for p in MULTI_REGION}


def compiled(stem: str):
    return pipeline.compile_file(EXAMPLES[stem], pipeline.Options(fmt="json", lint=False))


def resources(result, folder: str, kind: str) -> dict:
    out = {}
    for name, text in result.files.items():
        if name.startswith(folder + "/") and name.count("/") == folder.count("/") + 1 and name.endswith(".json"):
            for lid, body in json.loads(text).get("Resources", {}).items():
                if body["Type"] == kind:
                    out[lid] = body.get("Properties", {})
    return out


def manifest(result) -> dict:
    return json.loads(result.files["manifest.json"])


def zones_of(result) -> dict:
    arch = result.arch
    return {arch.dns.zone_id: arch.dns.zone} if arch.dns and arch.dns.zone_id else {}


@pytest.fixture(scope="module", params=sorted(EXAMPLES), ids=sorted(EXAMPLES))
def deployed(request):
    result = compiled(request.param)
    steps = [s for s in manifest(result)["deploy"] if s["when"] == "now"]
    with emulator.emulated_regions(result.files, steps, zones_of(result)) as deployments:
        route53 = boto3.client("route53", region_name="us-east-1")
        records = []
        for zone in route53.list_hosted_zones()["HostedZones"]:
            records += route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
        checks = route53.list_health_checks()["HealthChecks"]
        buckets = {}
        for step in steps:
            s3 = boto3.client("s3", region_name=step["region"])
            for bucket in s3.list_buckets()["Buckets"]:
                if not bucket["Name"].startswith(emulator.TEMPLATE_BUCKET):
                    buckets[bucket["Name"]] = s3.get_bucket_location(Bucket=bucket["Name"])["LocationConstraint"]
        stacks = {(s["region"], s["stack"]): boto3.client("cloudformation", region_name=s["region"]).describe_stacks(
            StackName=s["stack"])["Stacks"][0]["StackStatus"] for s in steps}
    return {"stem": request.param, "result": result, "steps": steps, "deployments": deployments,
            "records": records, "checks": checks, "buckets": buckets, "stacks": stacks}


def test_every_step_deploys_in_its_region(deployed):
    assert set(deployed["stacks"].values()) == {"CREATE_COMPLETE"}, deployed["stacks"]
    dr = deployed["result"].arch.disaster_recovery
    regions = {s["region"] for s in deployed["steps"]}
    assert dr.secondary in regions and "us-east-1" in regions


def test_deploy_order_storage_primary_secondary_global(deployed):
    order = [(s["template"].split("/")[0], s["template"].split("/")[1]) for s in manifest(deployed["result"])["deploy"]]
    dr, primary = deployed["result"].arch.disaster_recovery, deployed["result"].region
    names = [folder if sub.endswith((".json", ".yaml")) else f"{folder}/{sub}" for folder, sub in order]
    storage = [f"{dr.secondary}/storage"] if f"{dr.secondary}/storage" in names else []
    assert names == storage + [primary, dr.secondary, "global"]
    assert storage or deployed["stem"] == "dr-active-active"  # nothing there must exist before the primary


def test_replicated_buckets_are_named_for_their_region(deployed):
    """Each replicated bucket exists in both regions under its deterministic name."""
    result = deployed["result"]
    dr = result.arch.disaster_recovery
    named = {n: r for n, r in deployed["buckets"].items() if n.endswith((dr.secondary, result.region))}
    for name, region in named.items():  # the deterministic names end with the bucket's region
        expected = dr.secondary if name.endswith(dr.secondary) else result.region
        assert (region or "us-east-1") == expected, name
    pairs = {n[:-len(dr.secondary)] for n in deployed["buckets"] if n.endswith(dr.secondary)}
    assert pairs or deployed["stem"] == "dr-active-active", "no replica in the secondary"
    for base in pairs:
        assert base + result.region in deployed["buckets"], base


def test_global_records_route_between_the_regions(deployed):
    result = deployed["result"]
    strategy = result.arch.disaster_recovery.strategy
    routed = [r for r in deployed["records"] if r.get("SetIdentifier")]
    if strategy in ("pilot-light", "warm-standby"):
        assert sorted(r["Failover"] for r in routed) == ["PRIMARY", "SECONDARY"]
        assert all(r.get("HealthCheckId") for r in routed)
    elif strategy == "active-active":
        assert sorted(r["Region"] for r in routed) == sorted([result.region, result.arch.disaster_recovery.secondary])
        assert len(deployed["checks"]) == 2
    else:
        assert routed == [] and [r for r in deployed["records"] if r.get("AliasTarget")]


def test_manifest_wires_every_parameter_of_the_later_steps(deployed):
    steps = manifest(deployed["result"])["deploy"]
    for step in steps:
        for param, source in step.get("parameters", {}).items():
            assert source["step"] < step["step"], (param, source)
    global_step = next(s for s in steps if s["template"].startswith("global/"))
    assert global_step["region"] == "us-east-1"


def test_pilot_light_aurora_global_database_headless_secondary():
    result = compiled("dr-pilot-light")
    primary = resources(result, "us-east-1", "AWS::RDS::GlobalCluster")
    assert primary["OrdersDbGlobalCluster"]["GlobalClusterIdentifier"] == "shop-orders-db"
    secondary = resources(result, "us-west-2", "AWS::RDS::DBCluster")["OrdersDbCluster"]
    assert secondary["GlobalClusterIdentifier"] == "shop-orders-db"
    assert "MasterUsername" not in secondary and "ManageMasterUserPassword" not in secondary
    assert resources(result, "us-west-2", "AWS::RDS::DBInstance") == {}, "pilot light: headless"
    assert len(resources(result, "us-east-1", "AWS::RDS::DBInstance")) == 2
    service = resources(result, "us-west-2", "AWS::ECS::Service")["ApiService"]
    assert service["DesiredCount"] == 0


def test_warm_standby_read_replica_and_reduced_fleet():
    result = compiled("dr-warm-standby")
    primary = resources(result, "us-east-1", "AWS::RDS::DBInstance")["DbInstance"]
    assert primary["DBInstanceIdentifier"] == "tiers-db"
    replica = resources(result, "us-east-2", "AWS::RDS::DBInstance")["DbInstance"]
    assert replica["SourceDBInstanceIdentifier"] == {
        "Fn::Sub": "arn:${AWS::Partition}:rds:us-east-1:${AWS::AccountId}:db:tiers-db"}
    assert "MasterUsername" not in replica and "MultiAZ" not in replica
    fleet = resources(result, "us-east-2", "AWS::AutoScaling::AutoScalingGroup")["WebAutoScalingGroup"]
    assert (fleet["MinSize"], fleet["DesiredCapacity"]) == ("1", "1")
    rule = resources(result, "us-east-1", "AWS::S3::Bucket")["AssetsBucket"]["ReplicationConfiguration"]["Rules"][0]
    assert rule["Destination"]["ReplicationTime"]["Time"] == {"Minutes": 15}


def test_active_active_global_table_and_latency():
    result = compiled("dr-active-active")
    table = resources(result, "us-east-1", "AWS::DynamoDB::GlobalTable")["NotesTable"]
    assert table["TableName"] == "notes-notes"
    assert [r["Region"] for r in table["Replicas"]] == ["us-east-1", "eu-west-1"]
    assert resources(result, "eu-west-1", "AWS::DynamoDB::GlobalTable") == {}
    domain = resources(result, "eu-west-1", "AWS::ApiGatewayV2::DomainName")
    assert [d["DomainNameConfigurations"][0]["CertificateArn"] for d in domain.values()] == [
        "arn:aws:acm:eu-west-1:123456789012:certificate/66666666-7777-8888-9999-000000000000"]


def test_backup_restore_vault_copy_and_origin_failover():
    result = compiled("dr-backup-restore")
    plan = resources(result, "eu-west-1", "AWS::Backup::BackupPlan")["RecoveryBackupPlan"]["BackupPlan"]
    copy = plan["BackupPlanRule"][0]["CopyActions"][0]["DestinationBackupVaultArn"]
    assert copy == {"Fn::Sub": "arn:${AWS::Partition}:backup:eu-central-1:${AWS::AccountId}:backup-vault:brochure-recovery"}
    vault = resources(result, "eu-central-1/storage", "AWS::Backup::BackupVault")
    assert [v["BackupVaultName"] for v in vault.values()] == ["brochure-recovery"]
    site = resources(result, "eu-west-1", "AWS::CloudFront::Distribution")["SiteDistribution"]["DistributionConfig"]
    assert site["DefaultCacheBehavior"]["TargetOriginId"] == "site-failover"
    members = site["OriginGroups"]["Items"][0]["Members"]["Items"]
    assert [m["OriginId"] for m in members] == ["site-bucket", "site-replica"]
    steps = manifest(result)["deploy"]
    assert [s["when"] for s in steps if s["template"].startswith("eu-central-1/brochure")] == [
        "at recovery, after restoring the data (see the runbook)"]


def test_summary_lists_regions_and_objectives():
    result = compiled("dr-pilot-light")
    notes = "\n".join(result.notes)
    assert "pilot-light, us-east-1 -> us-west-2; expected RTO 30 min" in notes
    assert "components.orders-db: Aurora Global Database" in notes and "expected RPO 1 min" in notes
    assert "us-west-2/storage/ (us-west-2)" in notes


BASE = (ROOT / "examples" / "dr-pilot-light.yaml").read_text(encoding="utf-8")


def compile_text(text: str):
    data, source = loader.load_text(text, "arch.yaml")
    return pipeline.compile_source(data, source, pipeline.Options(fmt="json", lint=False))


def test_without_disaster_recovery_one_region_as_before():
    text = BASE[:BASE.index("disaster_recovery:")] + BASE[BASE.index("monitoring:\n  notify"):]
    result = compile_text(text)
    assert "shop.json" in result.files and not any("/" in name for name in result.files)


@pytest.mark.parametrize("strategy, rto, code", [("pilot-light", 5, "E931"), ("warm-standby", 5, "E931")])
def test_an_objective_the_strategy_cannot_meet_names_one_that_can(strategy, rto, code):
    text = BASE.replace("strategy: pilot-light", f"strategy: {strategy}").replace("rto_minutes: 30", f"rto_minutes: {rto}")
    with pytest.raises(ArchError) as caught:
        compile_text(text)
    found = [d for d in caught.value.diagnostics if d.code == code]
    assert found and "use strategy: active-active" in found[0].hint


def test_a_follower_using_a_component_that_stays_is_warned():
    text = BASE.replace("  rto_minutes: 30\n", "  rto_minutes: 30\n  components:\n    uploads: {single_region: true, "
                                                  "reason: uploads are re-created from the source system}\n")
    result = compile_text(text)
    warned = [w for w in result.warnings if w.code == "W938"]
    assert [w.path for w in warned] == [("components", "api", "uses", "uploads")]
    assert "components.uploads stays in us-east-1 (uploads are re-created from the source system)" in "\n".join(
        result.notes)
    assert not any(n.startswith("us-west-2/storage/") for n in result.files), "nothing replicated, no storage stack"


def test_the_section_matches_the_schema():
    compare(DisasterRecovery, DEFS["disaster_recovery"], "disaster_recovery")
