"""Data protection: AWS Backup plans (vault, lock, rules, selections by name and tag), bucket
replication, Intelligent-Tiering archive tiers, object lock and inventory — in the compiled
templates, and in the emulator where moto models the resources (IAM roles and their policies)."""
import json

import boto3
import pytest
from troposphere import encode_to_dict

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader, output
from awsarch_compiler.core.backup import Backup
from awsarch_compiler.core.diagnostics import ArchError

import emulator
from conftest import ROOT
from test_model_schema import DEFS, compare

EXAMPLE = ROOT / "examples" / "data-protection.yaml"


@pytest.fixture(scope="module")
def compiled():
    result = pipeline.compile_file(EXAMPLE, pipeline.Options(fmt="json", lint=False))
    templates = {name: json.loads(text) for name, text in result.files.items() if name != output.MANIFEST}
    resources = {lid: r for t in templates.values() for lid, r in t["Resources"].items()}
    return result, templates, resources


def props(resources, logical):
    return resources[logical]["Properties"]


def test_the_vault_is_locked_and_under_a_customer_key(compiled):
    _, _, res = compiled
    vault = props(res, "BackupVault")
    assert vault["BackupVaultName"] == "records-backup"
    assert vault["EncryptionKeyArn"] == {"Fn::GetAtt": ["BackupVaultKey", "Arn"]}
    assert vault["LockConfiguration"] == {"MinRetentionDays": 7, "MaxRetentionDays": 400}
    assert res["BackupVault"]["DeletionPolicy"] == "Retain"
    assert props(res, "BackupVaultKey")["EnableKeyRotation"] is True


def test_each_plan_is_one_rule_with_its_schedule_and_lifecycle(compiled):
    _, _, res = compiled
    rules = {lid: props(res, lid)["BackupPlan"]["BackupPlanRule"] for lid in
             ("BackupDailyPlan", "BackupMonthlyPlan", "BackupUploadsPitrPlan")}
    assert all(len(r) == 1 for r in rules.values())
    daily, monthly, pitr = (rules[k][0] for k in ("BackupDailyPlan", "BackupMonthlyPlan", "BackupUploadsPitrPlan"))
    assert daily["ScheduleExpression"] == "cron(0 5 ? * * *)" and daily["Lifecycle"] == {"DeleteAfterDays": 35}
    assert monthly["ScheduleExpression"] == "cron(0 5 1 * ? *)"
    assert monthly["Lifecycle"] == {"DeleteAfterDays": 365, "MoveToColdStorageAfterDays": 30}
    assert pitr["EnableContinuousBackup"] is True and daily["EnableContinuousBackup"] is False
    assert all(r["TargetBackupVault"] == {"Ref": "BackupVault"} for r in (daily, monthly, pitr))


def test_selections_name_exactly_the_selected_components(compiled):
    _, _, res = compiled
    daily = props(res, "BackupDailySelection")["BackupSelection"]
    assert daily["Resources"] == [{"Fn::GetAtt": ["RecordsDbInstance", "DBInstanceArn"]},
                                  {"Fn::GetAtt": ["DocumentsFileSystem", "Arn"]},
                                  {"Fn::GetAtt": ["LedgerTable", "Arn"]}]  # the ledger by its tag backup: daily
    assert daily["IamRoleArn"] == {"Fn::GetAtt": ["BackupRole", "Arn"]}
    volumes = props(res, "BackupDailyApiSelection")["BackupSelection"]
    assert volumes["Resources"] == [{"Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:volume/*"}]
    assert volumes["Conditions"]["StringEquals"] == [
        {"ConditionKey": "aws:ResourceTag/awsarch:architecture", "ConditionValue": "records"},
        {"ConditionKey": "aws:ResourceTag/awsarch:component", "ConditionValue": "api"}]
    assert props(res, "BackupUploadsPitrSelection")["BackupSelection"]["Resources"] == [
        {"Fn::GetAtt": ["UploadsBucket", "Arn"]}]
    assert "BackupMonthlyApiSelection" not in res


def test_the_instance_groups_volumes_carry_the_tags_the_selection_matches(compiled):
    _, _, res = compiled
    specs = props(res, "ApiLaunchTemplate")["LaunchTemplateData"]["TagSpecifications"]
    volume = next(s for s in specs if s["ResourceType"] == "volume")
    tags = {t["Key"]: t["Value"] for t in volume["Tags"]}
    assert tags["awsarch:architecture"] == "records" and tags["awsarch:component"] == "api"


def test_uploads_replicate_archive_and_are_inventoried(compiled):
    _, _, res = compiled
    bucket = props(res, "UploadsBucket")
    rule, = bucket["ReplicationConfiguration"]["Rules"]
    assert bucket["ReplicationConfiguration"]["Role"] == {"Fn::GetAtt": ["UploadsReplicationRole", "Arn"]}
    assert rule["Destination"] == {"Bucket": {"Fn::GetAtt": ["UploadsCopyBucket", "Arn"]}, "StorageClass": "STANDARD_IA"}
    assert rule["DeleteMarkerReplication"] == {"Status": "Disabled"} and rule["Status"] == "Enabled"
    assert bucket["IntelligentTieringConfigurations"] == [{"Id": "archive-tiers", "Status": "Enabled", "Tierings": [
        {"AccessTier": "ARCHIVE_ACCESS", "Days": 90}, {"AccessTier": "DEEP_ARCHIVE_ACCESS", "Days": 180}]}]
    inventory, = bucket["InventoryConfigurations"]
    assert inventory["Destination"]["BucketArn"] == {"Fn::GetAtt": ["ReportsBucket", "Arn"]}
    assert inventory["ScheduleFrequency"] == "Weekly" and inventory["Enabled"] is True
    statement = next(s for s in props(res, "ReportsBucketPolicy")["PolicyDocument"]["Statement"]
                     if s.get("Sid") == "InventoryFromUploads")
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Condition"]["ArnLike"] == {"aws:SourceArn": {"Fn::GetAtt": ["UploadsBucket", "Arn"]}}


def test_the_copy_is_versioned_and_locked(compiled):
    _, _, res = compiled
    copy = props(res, "UploadsCopyBucket")
    assert copy["VersioningConfiguration"] == {"Status": "Enabled"}
    assert copy["ObjectLockEnabled"] is True
    assert copy["ObjectLockConfiguration"] == {"ObjectLockEnabled": "Enabled",
                                               "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 30}}}


def test_the_replication_policy_names_only_the_two_buckets(compiled):
    _, _, res = compiled
    policy = props(res, "UploadsReplicationPolicy")
    assert policy["Roles"] == [{"Ref": "UploadsReplicationRole"}]
    resources = [r for s in policy["PolicyDocument"]["Statement"] for r in s["Resource"]]
    assert json.dumps(resources).count("UploadsBucket") == 2 and json.dumps(resources).count("UploadsCopyBucket") == 1
    assert "*" not in resources


def test_the_summary_lists_each_plan_with_what_it_protects(compiled):
    result, _, _ = compiled
    daily = next(n for n in result.notes if n.startswith("backup.plans.daily"))
    assert "records-db (RDS)" in daily and "api (EBS)" in daily and "ledger (DynamoDB)" in daily


BASE = """
awsarch: 1
name: bk
components:
  t: {type: table, partition_key: {name: pk}}
  up: {type: bucket}
"""


def compile_text(text):
    data, source = loader.load_text(text, "arch.yaml")
    return pipeline.compile_source(data, source, pipeline.Options(fmt="json", lint=False))


def test_the_aws_managed_vault_key_is_an_opt_out_in_the_summary():
    result = compile_text(BASE + "backup: {vault: {encryption: aws}, plans: {d: {components: [t]}}}\n")
    assert any(n.startswith("backup.vault.encryption: aws") for n in result.notes)
    vault = json.loads(result.files["bk-data.json"])["Resources"]["BackupVault"]
    assert "EncryptionKeyArn" not in vault["Properties"]
    assert [s["id"] for s in vault["Metadata"]["checkov"]["skip"]] == ["CKV_AWS_166"]


def test_s3_policies_join_the_backup_role_only_when_a_bucket_is_selected():
    def managed(text):
        files = compile_text(BASE + text).files
        template = json.loads(files["bk-data.json"])
        return [json.dumps(a) for a in template["Resources"]["BackupRole"]["Properties"]["ManagedPolicyArns"]]

    assert not any("S3Backup" in a for a in managed("backup: {plans: {d: {components: [t]}}}\n"))
    assert any("S3Backup" in a for a in managed("backup: {plans: {d: {components: [t, up]}}}\n"))


def test_every_error_of_the_section_is_reported_at_once():
    text = BASE + """backup:
  vault: {lock: {min_retention_days: 30}}
  plans:
    a: {tags: {nobody: here}}
    b: {schedule: rate(1 day), components: [t], retention_days: 20}
    c: {components: [t], cold_storage_after_days: 10, retention_days: 50}
"""
    data, source = loader.load_text(text, "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    codes = sorted(d.code for d in caught.value.diagnostics)
    assert codes == ["E380", "E383", "E384", "E386"]


@pytest.fixture(scope="module")
def deployed(compiled):
    result, templates, _ = compiled
    root = f"{result.arch.name}.json"
    with emulator.emulated(result.files, root) as deployment:
        iam = boto3.client("iam", region_name=emulator.REGION)
        roles = deployment.of_type("AWS::IAM::Role")
        backup_role = iam.get_role(RoleName=roles["BackupRole"])["Role"]["AssumeRolePolicyDocument"]
        trust = iam.get_role(RoleName=roles["UploadsReplicationRole"])["Role"]["AssumeRolePolicyDocument"]
        policy = iam.get_role_policy(RoleName=roles["UploadsReplicationRole"], PolicyName="replication")
        buckets = deployment.of_type("AWS::S3::Bucket")
        stacks = dict(deployment.stacks)
        ledger = boto3.client("dynamodb", region_name=emulator.REGION).describe_table(
            TableName=deployment.of_type("AWS::DynamoDB::Table")["LedgerTable"])["Table"]
        mappings = boto3.client("lambda", region_name=emulator.REGION).list_event_source_mappings()["EventSourceMappings"]
        rds = boto3.client("rds", region_name=emulator.REGION)
        replica = rds.describe_db_instances(DBInstanceIdentifier=deployment.physical("RecordsDbReplica1"))["DBInstances"][0]
        primary = deployment.physical("RecordsDbInstance")
    return {"backup_role": backup_role, "trust": trust, "policy": policy["PolicyDocument"], "buckets": buckets,
            "stacks": stacks, "ledger": ledger, "mappings": mappings, "replica": replica, "primary": primary}


def test_emulated_deployment_completes(deployed):
    assert set(deployed["stacks"].values()) == {"CREATE_COMPLETE"}


def test_emulated_backup_role_is_assumed_by_aws_backup_only(deployed):
    statements = deployed["backup_role"]["Statement"]
    assert [s["Principal"] for s in statements] == [{"Service": "backup.amazonaws.com"}]


def test_emulated_replication_role_is_s3s_and_names_the_deployed_buckets(deployed):
    document = deployed["policy"]
    document = json.loads(document) if isinstance(document, str) else document
    assert "s3.amazonaws.com" in json.dumps(deployed["trust"])
    resources = [r for s in document["Statement"] for r in (s["Resource"] if isinstance(s["Resource"], list)
                                                             else [s["Resource"]])]
    source, copy = deployed["buckets"]["UploadsBucket"], deployed["buckets"]["UploadsCopyBucket"]
    assert sorted(resources) == sorted([f"arn:aws:s3:::{source}", f"arn:aws:s3:::{source}/*", f"arn:aws:s3:::{copy}/*"])


def test_the_backup_model_matches_its_schema():
    compare(Backup, DEFS["backup"], "backup")


# -- engine settings, cache cluster mode, table streams ---------------------------------------------------
def test_database_parameters_join_the_tls_parameter_group(compiled):
    _, _, res = compiled
    group = props(res, "RecordsDbParameterGroup")
    assert group["Family"] == "postgres18"
    assert group["Parameters"] == {"idle_in_transaction_session_timeout": "60000", "log_min_duration_statement": "500",
                                   "max_connections": "200", "rds.force_ssl": "1"}


def test_the_read_replica_follows_the_primary_and_users_read_from_it(compiled):
    result, _, res = compiled
    replica = props(res, "RecordsDbReplica1")
    assert replica["SourceDBInstanceIdentifier"] == {"Ref": "RecordsDbInstance"}
    assert replica["DBParameterGroupName"] == {"Ref": "RecordsDbParameterGroup"}
    assert replica["PubliclyAccessible"] is False and "StorageEncrypted" not in replica
    assert replica["PerformanceInsightsRetentionPeriod"] == 31
    assert props(res, "RecordsDbInstance")["PerformanceInsightsRetentionPeriod"] == 31
    ctx = pipeline.generate(result.arch)
    env = dict(ctx.env_for("api"))
    assert encode_to_dict(env["RECORDS_DB_READER_HOST"]) == {"Fn::GetAtt": ["RecordsDbReplica1", "Endpoint.Address"]}


def test_the_cache_runs_in_cluster_mode_behind_its_configuration_endpoint(compiled):
    result, _, res = compiled
    group = props(res, "SessionsReplicationGroup")
    assert (group["NumNodeGroups"], group["ReplicasPerNodeGroup"], group["ClusterMode"]) == (2, 1, "enabled")
    assert group["CacheParameterGroupName"] == "default.valkey8.cluster.on" and "NumCacheClusters" not in group
    assert group["AutomaticFailoverEnabled"] is True and group["MultiAZEnabled"] is True
    assert group["SnapshotWindow"] == "03:00-05:00"
    env = dict(pipeline.generate(result.arch).env_for("api"))
    assert encode_to_dict(env["SESSIONS_HOST"]) == {"Fn::GetAtt": ["SessionsReplicationGroup", "ConfigurationEndPoint.Address"]}


def test_the_ledger_stream_triggers_its_function_with_exactly_the_stream_read(compiled):
    _, _, res = compiled
    mapping = props(res, "LedgerAuditFromLedgerEventSource")
    assert mapping["StartingPosition"] == "LATEST" and mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert "DestinationConfig" in mapping
    table = props(res, "LedgerTable")
    assert table["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert table["ContributorInsightsSpecification"] == {"Enabled": True}
    role = props(res, "LedgerAuditRole")
    statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
    stream_read = [s for s in statements if "dynamodb:GetRecords" in s["Action"]]
    assert len(stream_read) == 1 and json.dumps(stream_read[0]["Resource"]).count("StreamArn") == 1


ENGINES = """
awsarch: 1
name: eng
network:
  cidr: 10.0.0.0/16
  subnets:
    app: {type: private, size: 24}
    data: {type: isolated, size: 24}
components:
  maria:
    type: database
    engine: mariadb
    parameters: {max_connections: 300}
    options: [{name: MARIADB_AUDIT_PLUGIN, settings: {SERVER_AUDIT_EVENTS: CONNECT}}]
    log_exports: [error, slowquery]
  am:
    type: database
    engine: aurora-mysql
    parameters: {max_connections: 500, time_zone: UTC}
"""


def test_option_groups_and_aurora_instance_parameters_compile_lint_clean():
    data, source = loader.load_text(ENGINES, "arch.yaml")
    result = pipeline.compile_source(data, source, pipeline.Options(fmt="json"))
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    res = json.loads(result.files["eng-data.json"])["Resources"]
    options = res["MariaOptionGroup"]["Properties"]
    assert options["EngineName"] == "mariadb" and options["MajorEngineVersion"] == "11.8"
    assert options["OptionConfigurations"] == [{"OptionName": "MARIADB_AUDIT_PLUGIN", "OptionSettings": [
        {"Name": "SERVER_AUDIT_EVENTS", "Value": "CONNECT"}]}]
    assert res["MariaInstance"]["Properties"]["OptionGroupName"] == {"Ref": "MariaOptionGroup"}
    assert res["MariaInstance"]["Properties"]["EnableCloudwatchLogsExports"] == ["error", "slowquery"]
    assert res["AmClusterParameterGroup"]["Properties"]["Parameters"]["time_zone"] == "UTC"
    assert "max_connections" not in res["AmClusterParameterGroup"]["Properties"]["Parameters"]
    assert res["AmInstanceParameterGroup"]["Properties"]["Parameters"] == {"max_connections": "500"}
    assert res["AmInstance1"]["Properties"]["DBParameterGroupName"] == {"Ref": "AmInstanceParameterGroup"}


def test_a_misspelt_parameter_gets_a_did_you_mean():
    data, source = loader.load_text(ENGINES.replace("max_connections: 300", "max_conection: 300"), "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    found, = caught.value.diagnostics
    assert found.code == "E1670" and "max_connections" in found.hint


# -- AWS-managed keys only ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def aws_managed():
    result = pipeline.compile_file(ROOT / "examples" / "aws-managed-keys.yaml", pipeline.Options(fmt="json", lint=False))
    templates = {name: json.loads(text) for name, text in result.files.items() if name != output.MANIFEST}
    return result, {lid: r for t in templates.values() for lid, r in t["Resources"].items()}


def test_aws_managed_keys_only_creates_no_customer_key(aws_managed):
    _, res = aws_managed
    assert [lid for lid, r in res.items() if r["Type"] == "AWS::KMS::Key"] == []
    assert "KmsMasterKeyId" not in res["MonitoringAlarmTopic"]["Properties"]
    assert "EncryptionKeyArn" not in res["BackupVault"]["Properties"]


def test_aws_managed_keys_only_lists_its_consequences(aws_managed):
    result, _ = aws_managed
    assert any(n.startswith("encryption: aws-managed — the alarm topic is not encrypted") for n in result.notes)
    assert any(n.startswith("backup.vault.encryption: aws (encryption: aws-managed)") for n in result.notes)


def test_emulated_stream_mapping_and_replica(deployed):
    ledger = deployed["ledger"]
    assert ledger["StreamSpecification"]["StreamEnabled"] is True
    arns = [m["EventSourceArn"] for m in deployed["mappings"]]
    assert ledger["LatestStreamArn"] in arns
    assert deployed["replica"]["ReadReplicaSourceDBInstanceIdentifier"] == deployed["primary"]
