"""database: RDS instances, Aurora clusters and RDS Proxy — secure settings, exact grants, proxy wiring, checks."""
import pytest
from troposphere import encode_to_dict

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types.database.model import ENGINES
from awsarch_compiler.types.database.versions import deprecated_versions, known_versions, minors_of, resolve, version_key

NETWORK = """
awsarch: 1
name: dbt
network:
  cidr: 10.0.0.0/16
  availability_zones: 3
  nat_gateways: single
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
    data: {type: isolated, size: 24}
components:
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
    port: 8080
    uses: {db: connect}
"""


def build(db: str, extra: str = ""):
    data, source = loader.load_text(NETWORK + "  db:\n    type: database\n" + db + extra, "arch.yaml")
    arch = pipeline.build_model(data, source)
    return arch, pipeline.generate(arch)


def errors_of(db: str, extra: str = "") -> list:
    data, source = loader.load_text(NETWORK + "  db:\n    type: database\n" + db + extra, "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    return [(d.code, d.message) for d in caught.value.diagnostics]


def body(ctx, logical: str) -> dict:
    return encode_to_dict(ctx.entries[logical].resource.to_dict())


def props(ctx, logical: str) -> dict:
    return body(ctx, logical)["Properties"]


def the_grant(ctx):
    (grant,) = [g for g in ctx.grants if g.target == "db"]
    return grant


def statements(grant) -> list:
    return [encode_to_dict(s.JSONrepr()) for s in grant.statements]


def ingress_rules(ctx) -> dict:
    return {k: props(ctx, k) for k, e in ctx.entries.items()
            if e.resource.resource_type == "AWS::EC2::SecurityGroupIngress"}


# -- RDS instance -----------------------------------------------------------
def test_instance_carries_the_secure_settings():
    _, ctx = build("    engine: postgres\n")
    entry = ctx.entries["DbInstance"]
    p = props(ctx, "DbInstance")
    assert entry.layer == "data"
    assert p["StorageEncrypted"] is True and p["PubliclyAccessible"] is False
    assert p["ManageMasterUserPassword"] is True and "MasterUserPassword" not in p
    assert p["MultiAZ"] is True and p["DeletionProtection"] is True and p["CopyTagsToSnapshot"] is True
    assert p["EnableIAMDatabaseAuthentication"] is True and p["AutoMinorVersionUpgrade"] is True
    assert p["EnableCloudwatchLogsExports"] == ["postgresql", "upgrade"]
    assert p["EngineVersion"] == ENGINES["postgres"].default_version and p["StorageType"] == "gp3"
    assert p["MonitoringInterval"] == 60 and p["MonitoringRoleArn"] == {"Fn::GetAtt": ["DbMonitoringRole", "Arn"]}
    b = body(ctx, "DbInstance")
    assert b["DeletionPolicy"] == "Snapshot" and b["UpdateReplacePolicy"] == "Snapshot"
    assert props(ctx, "DbParameterGroup")["Parameters"] == {"rds.force_ssl": "1"}
    assert props(ctx, "DbParameterGroup")["Family"] == "postgres" + ENGINES["postgres"].default_version
    assert props(ctx, "DbSubnetGroup")["SubnetIds"] == [{"Ref": f"DataSubnet{i}"} for i in (1, 2, 3)]


def test_database_group_allows_no_egress():
    _, ctx = build("    engine: mysql\n")
    egress = props(ctx, "DbSecurityGroup")["SecurityGroupEgress"]
    assert [r["CidrIp"] for r in egress] == ["255.255.255.255/32"]
    assert props(ctx, "DbParameterGroup")["Parameters"] == {"require_secure_transport": "1"}


def test_storage_autoscaling_iops_and_customer_key():
    _, ctx = build("    engine: postgres\n    encryption: kms\n    performance_insights: true\n"
                   "    storage: {size: 500, type: io2, iops: 5000, max_size: 1000}\n")
    p = props(ctx, "DbInstance")
    key = {"Fn::GetAtt": ["DbKey", "Arn"]}
    assert (p["AllocatedStorage"], p["MaxAllocatedStorage"], p["StorageType"], p["Iops"]) == ("500", 1000, "io2", 5000)
    assert p["KmsKeyId"] == key and p["MasterUserSecret"] == {"KmsKeyId": key}
    assert p["PerformanceInsightsKMSKeyId"] == key and p["EnablePerformanceInsights"] is True


def test_explicit_opt_outs_are_noted_and_explained_to_the_scanner():
    _, ctx = build("    engine: postgres\n    multi_az: false\n    deletion_protection: false\n    monitoring_interval: 0\n")
    p = props(ctx, "DbInstance")
    assert p["MultiAZ"] is False and p["DeletionProtection"] is False and "MonitoringRoleArn" not in p
    assert "DbMonitoringRole" not in ctx.entries
    skips = {s["id"]: s["comment"] for s in body(ctx, "DbInstance")["Metadata"]["checkov"]["skip"]}
    assert set(skips) == {"CKV_AWS_157", "CKV_AWS_118"}
    assert all("components.db." in reason for reason in skips.values())
    assert any("multi_az: false" in n for n in ctx.notes) and any("deletion_protection: false" in n for n in ctx.notes)
    assert body(ctx, "DbInstance")["DeletionPolicy"] == "Snapshot"  # a final snapshot either way


# -- connect grant ----------------------------------------------------------
def test_connect_grant_is_exactly_scoped():
    _, ctx = build("    engine: postgres\n    database_name: app\n")
    grant = the_grant(ctx)
    secret = {"Fn::GetAtt": ["DbInstance", "MasterUserSecret.SecretArn"]}
    assert grant.port == 5432 and grant.security_group_target is None
    assert statements(grant) == [{"Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                                  "Effect": "Allow", "Resource": [secret]}]
    env = {k: encode_to_dict(v) for k, v in grant.env}
    assert env == {"DB_HOST": {"Fn::GetAtt": ["DbInstance", "Endpoint.Address"]}, "DB_PORT": "5432",
                   "DB_SECRET_ARN": secret, "DB_NAME": "app"}
    assert [(k, encode_to_dict(v)) for k, v in grant.secrets] == [("DB_SECRET", secret)]
    rules = ingress_rules(ctx)
    assert list(rules) == ["DbFromWeb5432Ingress"]
    rule = rules["DbFromWeb5432Ingress"]
    assert rule["GroupId"] == {"Fn::GetAtt": ["DbSecurityGroup", "GroupId"]}
    assert rule["SourceSecurityGroupId"] == {"Fn::GetAtt": ["WebSecurityGroup", "GroupId"]}
    assert (rule["FromPort"], rule["ToPort"], rule["IpProtocol"]) == (5432, 5432, "tcp")


def test_connect_with_customer_key_adds_decrypt_on_that_key_only():
    _, ctx = build("    engine: mysql\n    port: 3307\n    encryption: kms\n")
    grant = the_grant(ctx)
    assert grant.port == 3307
    kms = [s for s in statements(the_grant(ctx)) if s["Action"] == ["kms:Decrypt"]]
    assert kms == [{"Action": ["kms:Decrypt"], "Effect": "Allow", "Resource": [{"Fn::GetAtt": ["DbKey", "Arn"]}]}]
    assert "DB_NAME" not in dict(grant.env)


# -- RDS Proxy --------------------------------------------------------------
def test_proxy_is_wired_between_users_and_database():
    _, ctx = build("    engine: postgres\n    port: 5433\n    proxy: true\n")
    grant = the_grant(ctx)
    assert grant.security_group_target == "db-proxy" and grant.port == 5432  # the proxy's port
    assert encode_to_dict(dict(grant.env)["DB_HOST"]) == {"Fn::GetAtt": ["DbProxy", "Endpoint"]}
    assert ctx.entries["DbProxySecurityGroup"].layer == "security"
    egress = props(ctx, "DbProxySecurityGroup")["SecurityGroupEgress"]
    assert egress == [{"Description": "db RDS Proxy to the database only", "FromPort": 5433, "ToPort": 5433,
                       "IpProtocol": "tcp",
                       "DestinationSecurityGroupId": {"Fn::GetAtt": ["DbSecurityGroup", "GroupId"]}}]
    rules = ingress_rules(ctx)
    assert set(rules) == {"DbProxyFromWeb5432Ingress", "DbFromDbProxy5433Ingress"}  # nothing from web to the DB itself
    assert {ctx.entries[r].component for r in rules} == {"db"}  # the proxy's rules belong to the database
    assert rules["DbProxyFromWeb5432Ingress"]["GroupId"] == {"Fn::GetAtt": ["DbProxySecurityGroup", "GroupId"]}
    assert rules["DbFromDbProxy5433Ingress"]["SourceSecurityGroupId"] == {"Fn::GetAtt": ["DbProxySecurityGroup", "GroupId"]}
    assert rules["DbFromDbProxy5433Ingress"]["FromPort"] == 5433
    proxy = props(ctx, "DbProxy")
    assert proxy["RequireTLS"] is True and proxy["EngineFamily"] == "POSTGRESQL"
    assert proxy["Auth"][0]["SecretArn"] == {"Fn::GetAtt": ["DbInstance", "MasterUserSecret.SecretArn"]}
    assert proxy["VpcSecurityGroupIds"] == [{"Fn::GetAtt": ["DbProxySecurityGroup", "GroupId"]}]
    assert props(ctx, "DbProxyTargetGroup")["DBInstanceIdentifiers"] == [{"Ref": "DbInstance"}]
    policy = props(ctx, "DbProxyRole")["Policies"][0]["PolicyDocument"]["Statement"]
    assert [s["Resource"] for s in policy] == [[{"Fn::GetAtt": ["DbInstance", "MasterUserSecret.SecretArn"]}]]
    principal = props(ctx, "DbProxyRole")["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    assert principal == {"Service": "rds.amazonaws.com"}


# -- Aurora -----------------------------------------------------------------
def test_aurora_serverless_cluster_with_instances_over_the_zones():
    _, ctx = build("    engine: aurora-postgresql\n    instances: 3\n    serverless: {max_acu: 8}\n    proxy: true\n")
    cluster = props(ctx, "DbCluster")
    assert cluster["StorageEncrypted"] is True and cluster["ManageMasterUserPassword"] is True
    assert cluster["DeletionProtection"] is True and cluster["EnableIAMDatabaseAuthentication"] is True
    assert cluster["ServerlessV2ScalingConfiguration"] == {"MinCapacity": 0.5, "MaxCapacity": 8.0}
    assert body(ctx, "DbCluster")["DeletionPolicy"] == "Snapshot"
    assert "DbInstance" not in ctx.entries
    for i in range(3):
        member = props(ctx, f"DbInstance{i + 1}")
        assert member["DBClusterIdentifier"] == {"Ref": "DbCluster"} and member["DBInstanceClass"] == "db.serverless"
        assert member["AvailabilityZone"] == {"Fn::Select": [i, {"Fn::GetAZs": ""}]}
        assert member["PubliclyAccessible"] is False
    assert props(ctx, "DbClusterParameterGroup")["Parameters"] == {"rds.force_ssl": "1"}
    target = body(ctx, "DbProxyTargetGroup")
    assert target["Properties"]["DBClusterIdentifiers"] == [{"Ref": "DbCluster"}]
    assert target["DependsOn"] == ["DbInstance1", "DbInstance2", "DbInstance3"]
    secret = {"Fn::GetAtt": ["DbCluster", "MasterUserSecret.SecretArn"]}
    assert statements(the_grant(ctx))[0]["Resource"] == [secret]


def test_aurora_mysql_backtrack_and_reader_endpoint():
    _, ctx = build("    engine: aurora-mysql\n    backtrack_hours: 24\n")
    cluster = props(ctx, "DbCluster")
    assert cluster["BacktrackWindow"] == 24 * 3600
    assert props(ctx, "DbInstance1")["DBInstanceClass"] == "db.t4g.medium" and "DbInstance2" in ctx.entries
    assert "audit" in cluster["EnableCloudwatchLogsExports"]
    params = props(ctx, "DbClusterParameterGroup")
    assert params["Family"] == "aurora-mysql" + ENGINES["aurora-mysql"].default_version
    assert params["Parameters"]["require_secure_transport"] == "ON"
    env = {k: encode_to_dict(v) for k, v in the_grant(ctx).env}
    assert env["DB_READER_HOST"] == {"Fn::GetAtt": ["DbCluster", "ReadEndpoint.Address"]}
    assert env["DB_PORT"] == "3306"


def test_alarm_metrics_follow_the_engine():
    arch, ctx = build("    engine: aurora-postgresql\n")
    kind, comp = ctx.kind("db"), arch.components["db"]
    assert kind.metric(comp, "free_storage").name == "FreeLocalStorage"
    assert encode_to_dict(kind.metric(comp, "cpu").dimensions(comp, ctx)) == {"DBClusterIdentifier": {"Ref": "DbCluster"}}
    arch, ctx = build("    engine: postgres\n")
    comp = arch.components["db"]
    metric = kind.metric(comp, "free_storage")
    assert metric.name == "FreeStorageSpace" and metric.unit_scale == 1024 ** 3
    assert encode_to_dict(metric.dimensions(comp, ctx)) == {"DBInstanceIdentifier": {"Ref": "DbInstance"}}
    assert kind.metric(comp, "read_latency").unit_scale == 0.001  # milliseconds in the DSL, seconds in CloudWatch


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_default_versions_resolve_to_current_versions(engine):
    resource = "DBCluster" if ENGINES[engine].aurora else "DBInstance"
    version = resolve(resource, engine, ENGINES[engine].default_version)
    assert version in known_versions(resource, engine)
    assert version not in deprecated_versions(resource, engine)


def test_retired_major_alias_is_pinned_to_its_newest_current_minor():
    assert "16" in deprecated_versions("DBInstance", "postgres")  # the linter's data: RDS retired the alias
    pinned = resolve("DBInstance", "postgres", "16")
    assert pinned.startswith("16.") and pinned not in deprecated_versions("DBInstance", "postgres")
    assert version_key(pinned) == max(version_key(v) for v in minors_of("DBInstance", "postgres", "16"))
    _, ctx = build("    engine: postgres\n    version: \"16\"\n")
    assert props(ctx, "DbInstance")["EngineVersion"] == pinned
    assert props(ctx, "DbParameterGroup")["Family"] == "postgres16"
    assert resolve("DBInstance", "mysql", "8.0.44") == "8.0.44"  # a full version stays as written


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_every_engine_compiles_lint_clean(engine, tmp_path):
    path = tmp_path / "arch.yaml"
    path.write_text(NETWORK + f"  db:\n    type: database\n    engine: {engine}\n    proxy: true\n")
    result = pipeline.compile_file(path)
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    assert result.warnings == []


# -- checks -----------------------------------------------------------------
@pytest.mark.parametrize("db, code", [
    ("    engine: postgres\n    serverless: {max_acu: 4}\n", "E1603"),
    ("    engine: aurora-mysql\n    storage: {size: 50}\n", "E1601"),
    ("    engine: aurora-postgresql\n    backtrack_hours: 4\n", "E1602"),
    ("    engine: mariadb\n    version: \"13\"\n", "E1605"),
    ("    engine: aurora-postgresql\n    instance_class: db.t4g.small\n", "E1608"),
    ("    engine: aurora-postgresql\n    instance_class: db.r7g.large\n    serverless: {max_acu: 4}\n", "E1606"),
    ("    engine: postgres\n    instance_class: db.serverless\n", "E1607"),
    ("    engine: postgres\n    storage: {type: io1, size: 100}\n", "E1609"),
    ("    engine: postgres\n    storage: {type: gp2, size: 100, iops: 3000}\n", "E1610"),
    ("    engine: aurora-mysql\n    serverless: {min_acu: 4, max_acu: 2}\n", "E1613"),
    ("    engine: aurora-mysql\n    instances: 1\n", "E1614"),
    ("    engine: postgres\n    username: rdsproxyadmin\n", "E1616"),
    ("    engine: mysql\n    database_name: information_schema\n", "E1617"),
])
def test_bad_combinations_are_located_errors(db, code):
    assert code in [c for c, _ in errors_of(db)]


def test_alarm_on_a_metric_this_database_does_not_publish():
    alarms = "monitoring:\n  notify: [ops@example.com]\n  alarms:\n    - {component: db, metric: replica_lag, threshold: 100}\n"
    message = "database 'db' publishes no 'replica_lag' metric: it has no Aurora readers to lag"
    assert ("E1615", message) in errors_of("    engine: postgres\n", alarms)
    build("    engine: aurora-postgresql\n", alarms)  # two instances by default: a reader to lag


@pytest.mark.parametrize("db", [
    "    engine: aurora-mysql\n    instances: 1\n    multi_az: false\n",
    "    engine: aurora-postgresql\n    instance_class: db.r7g.large\n",
    "    engine: postgres\n    storage: {size: 400, iops: 12000}\n",
    "    engine: mysql\n    version: \"8.0.44\"\n",
])
def test_valid_combinations_pass(db):
    build(db)
