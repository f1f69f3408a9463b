"""The data tier: cache, table, file-system and secret — grants, encryption, Multi-AZ, mounts, checks."""
import dataclasses
import json

import pytest
from troposphere import encode_to_dict

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader
from awsarch_compiler.schema import validate as schema
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types import registry
from awsarch_compiler.core.model import Component

from conftest import CONFORMANCE

NETWORK = """
awsarch: 1
name: dt
network:
  cidr: 10.0.0.0/16
  availability_zones: 3
  nat_gateways: single
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
    data: {type: isolated, size: 24}
components:
"""
SOURCE = Component(name="web", type="container-service")


def build(components: str, network: str = NETWORK):
    data, source = loader.load_text(network + components, "arch.yaml")
    arch = pipeline.build_model(data, source)
    return arch, pipeline.generate(arch)


def errors_of(components: str, network: str = NETWORK) -> list:
    data, source = loader.load_text(network + components, "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    return [(d.code, d.message, d.path) for d in caught.value.diagnostics]


def props(ctx, logical: str) -> dict:
    return encode_to_dict(ctx.entries[logical].resource.to_dict())


def grant(ctx, target: str, mode: str):
    kind = ctx.kind(target)
    return kind.grant(mode, SOURCE, ctx.component(target), ctx)


def statements(g) -> list:
    return [encode_to_dict(s) for s in g.statements]


def plain(value):
    return encode_to_dict(value)


# -- model and schema ------------------------------------------------------
@pytest.mark.parametrize("type_name", ["cache", "table", "file-system", "secret"])
def test_dataclass_fields_are_the_schema_properties(type_name):
    kind = registry()[type_name]
    fields = {f.name for f in dataclasses.fields(kind.spec)} - {"name", "uses"}
    props_ = set(schema.load_schema()["$defs"][type_name]["properties"])
    in_vpc_only = {"subnets", "ingress"}  # offered where the component sits in the VPC
    assert fields - in_vpc_only == props_ - in_vpc_only
    for key in in_vpc_only:
        assert (key in props_) == kind.in_vpc, key
    for prop, node in schema.load_schema()["$defs"][type_name]["properties"].items():
        assert "description" in schema.resolve(node) or prop in ("type", "stack"), prop


def test_data_types_land_in_the_data_stack():
    for type_name in ("cache", "table", "file-system", "secret"):
        assert registry()[type_name].layer == "data"


# -- cache -----------------------------------------------------------------
def test_valkey_cache_is_multi_az_encrypted_with_a_generated_token():
    _, ctx = build("  cache: {type: cache, engine: valkey, node_type: cache.t3.micro}\n")
    group = props(ctx, "CacheReplicationGroup")
    p = group["Properties"]
    assert p["Engine"] == "valkey" and p["EngineVersion"] == "8.0"
    assert p["NumCacheClusters"] == 2
    assert p["MultiAZEnabled"] is True and p["AutomaticFailoverEnabled"] is True
    assert p["AtRestEncryptionEnabled"] is True and p["TransitEncryptionEnabled"] is True
    assert p["AuthToken"] == {"Fn::Sub": "{{resolve:secretsmanager:${CacheAuthToken}:SecretString}}"}
    assert p["SecurityGroupIds"] == [{"Fn::GetAtt": ["CacheSecurityGroup", "GroupId"]}]
    assert group["DeletionPolicy"] == "Snapshot"
    token = props(ctx, "CacheAuthToken")["Properties"]["GenerateSecretString"]
    assert token["ExcludePunctuation"] is True and token["PasswordLength"] >= 16
    subnets = props(ctx, "CacheSubnetGroup")["Properties"]["SubnetIds"]
    assert subnets == [{"Ref": f"DataSubnet{i}"} for i in (1, 2, 3)]
    assert ctx.entries["CacheReplicationGroup"].layer == "data"


def test_single_node_cache_has_no_failover_and_says_so():
    _, ctx = build("  cache: {type: cache, engine: redis, nodes: 1}\n")
    p = props(ctx, "CacheReplicationGroup")["Properties"]
    assert p["MultiAZEnabled"] is False and p["AutomaticFailoverEnabled"] is False
    assert p["Engine"] == "redis" and p["EngineVersion"] == "7.1"
    assert any("nodes: 1" in n for n in ctx.notes)


def test_cache_falls_back_to_the_private_tier():
    net = NETWORK.replace("    data: {type: isolated, size: 24}\n", "")
    _, ctx = build("  cache: {type: cache}\n", net)
    assert props(ctx, "CacheSubnetGroup")["Properties"]["SubnetIds"][0] == {"Ref": "AppSubnet1"}


def test_cache_with_customer_key_encrypts_group_and_token():
    _, ctx = build("  cache: {type: cache, encryption: kms}\n")
    assert props(ctx, "CacheReplicationGroup")["Properties"]["KmsKeyId"] == {"Ref": "CacheKey"}
    assert props(ctx, "CacheAuthToken")["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["CacheKey", "Arn"]}
    assert props(ctx, "CacheKey")["Properties"]["EnableKeyRotation"] is True


def test_cache_connect_grant_is_exactly_port_env_and_token():
    _, ctx = build("  cache: {type: cache}\n")
    g = grant(ctx, "cache", "connect")
    assert g.port == 6379
    env = {k: plain(v) for k, v in g.env}
    assert env == {"CACHE_HOST": {"Fn::GetAtt": ["CacheReplicationGroup", "PrimaryEndPoint.Address"]},
                   "CACHE_PORT": "6379", "CACHE_TLS": "true", "CACHE_AUTH_SECRET_ARN": {"Ref": "CacheAuthToken"}}
    assert [(k, plain(v)) for k, v in g.secrets] == [("CACHE_AUTH_TOKEN", {"Ref": "CacheAuthToken"})]
    assert statements(g) == [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
                              "Resource": [{"Ref": "CacheAuthToken"}]}]


def test_memcached_is_a_cluster_encrypted_in_transit_without_token():
    _, ctx = build("  mc: {type: cache, engine: memcached, nodes: 3, port: 11311}\n")
    p = props(ctx, "McCluster")["Properties"]
    assert p["Engine"] == "memcached" and p["NumCacheNodes"] == 3 and p["AZMode"] == "cross-az"
    assert p["TransitEncryptionEnabled"] is True and p["Port"] == 11311
    assert "McAuthToken" not in ctx.entries and "McReplicationGroup" not in ctx.entries
    g = grant(ctx, "mc", "connect")
    assert g.port == 11311 and g.statements == () and g.secrets == ()
    assert plain(dict(g.env)["MC_HOST"]) == {"Fn::GetAtt": ["McCluster", "ConfigurationEndpoint.Address"]}


def test_cache_without_auth_is_an_explicit_opt_out():
    _, ctx = build("  cache: {type: cache, auth: none}\n")
    group = ctx.entries["CacheReplicationGroup"].resource
    assert "AuthToken" not in group.properties
    assert [s["id"] for s in group.Metadata["checkov"]["skip"]] == ["CKV_AWS_31"]
    assert grant(ctx, "cache", "connect").statements == ()


def test_cache_security_group_has_no_egress_and_one_rule_per_user():
    components = ("  cache: {type: cache}\n"
                  "  worker: {type: instance-group, uses: {cache: connect}}\n")
    try:
        _, ctx = build(components)
    except ArchError as exc:  # the instance-group type may require more fields
        pytest.skip(f"instance-group not buildable here: {exc}")
    group = props(ctx, "CacheSecurityGroup")["Properties"]
    assert group["SecurityGroupEgress"][0]["CidrIp"] == "255.255.255.255/32"
    rules = [k for k, e in ctx.entries.items() if e.resource.resource_type == "AWS::EC2::SecurityGroupIngress"
             and plain(e.resource.GroupId) == {"Fn::GetAtt": ["CacheSecurityGroup", "GroupId"]}]
    assert len(rules) == 1
    rule = props(ctx, rules[0])["Properties"]
    assert rule["FromPort"] == rule["ToPort"] == 6379
    assert rule["SourceSecurityGroupId"] == {"Fn::GetAtt": ["WorkerSecurityGroup", "GroupId"]}


@pytest.mark.parametrize("engine", ["valkey", "redis", "memcached"])
def test_default_cache_versions_are_known_to_cfn_lint(engine):
    from awsarch_compiler.types.cache.model import DEFAULT_VERSIONS
    from awsarch_compiler.types.cache.versions import known_versions
    assert DEFAULT_VERSIONS[engine] in known_versions(engine)


def test_cache_metrics_name_the_primary_node():
    arch, ctx = build("  cache: {type: cache}\n")
    kind = registry()["cache"]
    assert set(kind.metrics) == {"cpu", "memory", "evictions", "connections"}
    dims = kind.metrics["cpu"].dimensions(arch.components["cache"], ctx)
    assert plain(dims["CacheClusterId"]) == {"Fn::Sub": "${CacheReplicationGroup}-001"}


# -- table -----------------------------------------------------------------
TABLE = """  orders:
    type: table
    partition_key: {name: pk}
    sort_key: {name: sk, type: N}
    stream: new-and-old-images
    ttl_attribute: expires_at
    indexes:
      by-customer: {partition_key: {name: customer}, sort_key: {name: sk, type: N}}
      by-status: {partition_key: {name: status}, projection: include, attributes: [total]}
"""


def test_table_defaults_are_on_demand_recoverable_and_protected():
    _, ctx = build(TABLE)
    table = props(ctx, "OrdersTable")
    p = table["Properties"]
    assert p["BillingMode"] == "PAY_PER_REQUEST" and "ProvisionedThroughput" not in p
    assert p["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert p["DeletionProtectionEnabled"] is True
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"
    assert p["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert p["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert p["AttributeDefinitions"] == [
        {"AttributeName": "customer", "AttributeType": "S"}, {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "N"}, {"AttributeName": "status", "AttributeType": "S"}]
    indexes = {i["IndexName"]: i for i in p["GlobalSecondaryIndexes"]}
    assert indexes["by-status"]["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]}
    assert indexes["by-customer"]["Projection"] == {"ProjectionType": "ALL"}
    assert "SSESpecification" not in p


def test_provisioned_table_gives_its_indexes_capacity():
    _, ctx = build("""  t:
    type: table
    partition_key: {name: id}
    billing: provisioned
    capacity: {read: 5, write: 2}
    indexes:
      gsi-a: {partition_key: {name: x}}
      gsi-b: {partition_key: {name: y}, capacity: {read: 1, write: 1}}
""")
    p = props(ctx, "TTable")["Properties"]
    assert p["BillingMode"] == "PROVISIONED"
    assert p["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 2}
    through = {i["IndexName"]: i["ProvisionedThroughput"] for i in p["GlobalSecondaryIndexes"]}
    assert through == {"gsi-a": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 2},
                       "gsi-b": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}


READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
                "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:PartiQLSelect"]
WRITE_ACTIONS = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                 "dynamodb:ConditionCheckItem", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate",
                 "dynamodb:PartiQLDelete"]
TABLE_ARN = {"Fn::GetAtt": ["OrdersTable", "Arn"]}
READ_STATEMENT = {"Effect": "Allow", "Action": READ_ACTIONS,
                  "Resource": [TABLE_ARN, {"Fn::Sub": "${OrdersTable.Arn}/index/*"}]}
WRITE_STATEMENT = {"Effect": "Allow", "Action": WRITE_ACTIONS, "Resource": [TABLE_ARN]}


@pytest.mark.parametrize("mode,expected", [
    ("read", [READ_STATEMENT]), ("write", [WRITE_STATEMENT]), ("read-write", [READ_STATEMENT, WRITE_STATEMENT])])
def test_table_grants_are_exact(mode, expected):
    _, ctx = build(TABLE)
    g = grant(ctx, "orders", mode)
    assert statements(g) == expected
    assert g.port is None and g.secrets == ()
    assert {k: plain(v) for k, v in g.env} == {"ORDERS_TABLE": {"Ref": "OrdersTable"}, "ORDERS_TABLE_ARN": TABLE_ARN}


@pytest.mark.parametrize("mode,actions", [
    ("read", ["kms:Decrypt"]), ("write", ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"])])
def test_table_with_customer_key(mode, actions):
    _, ctx = build(TABLE.replace("    stream:", "    encryption: kms\n    stream:"))
    sse = props(ctx, "OrdersTable")["Properties"]["SSESpecification"]
    assert sse == {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": {"Fn::GetAtt": ["OrdersKey", "Arn"]}}
    assert statements(grant(ctx, "orders", mode))[-1] == {
        "Effect": "Allow", "Action": actions, "Resource": [{"Fn::GetAtt": ["OrdersKey", "Arn"]}]}


# -- file system -----------------------------------------------------------
def test_file_system_is_encrypted_with_a_mount_target_per_az():
    _, ctx = build("  files: {type: file-system, transition_to_ia_days: 30}\n")
    fs = props(ctx, "FilesFileSystem")
    p = fs["Properties"]
    assert p["Encrypted"] is True and p["BackupPolicy"] == {"Status": "ENABLED"}
    assert p["LifecyclePolicies"] == [{"TransitionToIA": "AFTER_30_DAYS"}]
    assert fs["DeletionPolicy"] == "Retain"
    deny, allow = p["FileSystemPolicy"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert allow["Condition"] == {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}
    assert allow["Principal"]["AWS"] != "*"
    targets = [props(ctx, f"FilesMountTarget{i}")["Properties"] for i in (1, 2, 3)]
    assert [t["SubnetId"] for t in targets] == [{"Ref": f"DataSubnet{i}"} for i in (1, 2, 3)]
    assert all(t["SecurityGroups"] == [{"Fn::GetAtt": ["FilesSecurityGroup", "GroupId"]}] for t in targets)
    ap = props(ctx, "FilesAccessPoint")["Properties"]
    assert ap["PosixUser"] == {"Uid": "1000", "Gid": "1000"}
    assert ap["RootDirectory"]["Path"] == "/data"


@pytest.mark.parametrize("mode,actions", [
    ("mount", ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]),
    ("read", ["elasticfilesystem:ClientMount"])])
def test_file_system_grant_and_mount_wiring(mode, actions):
    _, ctx = build("  files: {type: file-system, mount_path: /srv/files}\n")
    g = grant(ctx, "files", mode)
    assert g.port == 2049
    assert statements(g) == [{
        "Effect": "Allow", "Action": actions, "Resource": [{"Fn::GetAtt": ["FilesFileSystem", "Arn"]}],
        "Condition": {"StringEquals": {"elasticfilesystem:AccessPointArn": {"Fn::GetAtt": ["FilesAccessPoint", "Arn"]}}}}]
    assert g.mounts == (("FilesFileSystem", "FilesAccessPoint", "/srv/files"),)
    assert {k: plain(v) for k, v in g.env} == {"FILES_FILE_SYSTEM_ID": {"Ref": "FilesFileSystem"},
                                              "FILES_MOUNT_PATH": "/srv/files"}


def test_file_system_with_customer_key():
    _, ctx = build("  files: {type: file-system, encryption: kms}\n")
    assert props(ctx, "FilesFileSystem")["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["FilesKey", "Arn"]}
    assert statements(grant(ctx, "files", "mount"))[-1]["Action"] == ["kms:Decrypt"]
    assert grant(ctx, "files", "mount").mounts[0][2] == "/mnt/files"


# -- secret ----------------------------------------------------------------
def test_conformance_secret_uses_a_rotating_customer_key():
    _, ctx = build("  app-secrets: {type: secret, encryption: kms, generate: {length: 32}}\n")
    p = props(ctx, "AppSecretsSecret")["Properties"]
    assert p["KmsKeyId"] == {"Fn::GetAtt": ["AppSecretsKey", "Arn"]}
    assert p["GenerateSecretString"]["PasswordLength"] == 32
    assert props(ctx, "AppSecretsKey")["Properties"]["EnableKeyRotation"] is True
    g = grant(ctx, "app-secrets", "read")
    arn = {"Ref": "AppSecretsSecret"}
    assert statements(g) == [
        {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
         "Resource": [arn]},
        {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [{"Fn::GetAtt": ["AppSecretsKey", "Arn"]}]}]
    assert [(k, plain(v)) for k, v in g.env] == [("APP_SECRETS_SECRET_ARN", arn)]
    assert [(k, plain(v)) for k, v in g.secrets] == [("APP_SECRETS_SECRET", arn)]


def test_secret_read_write_adds_exactly_the_rotation_actions():
    _, ctx = build("  s: {type: secret}\n")
    assert statements(grant(ctx, "s", "read-write"))[1] == {
        "Effect": "Allow", "Action": ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
        "Resource": [{"Ref": "SSecret"}]}
    assert "GenerateSecretString" not in props(ctx, "SSecret")["Properties"]
    assert any("created empty" in n for n in ctx.notes)


def test_secret_json_template():
    _, ctx = build("  creds: {type: secret, generate: {length: 20, key: password, template: {username: app}}}\n")
    gen = props(ctx, "CredsSecret")["Properties"]["GenerateSecretString"]
    assert gen["GenerateStringKey"] == "password"
    assert json.loads(gen["SecretStringTemplate"]) == {"username": "app"}


def test_secret_rotation_schedules_the_function_in_its_stack():
    if "function" not in registry():
        pytest.skip("the function type is not available")
    try:
        _, ctx = build("""  s: {type: secret, rotation: {function: rotator, days: 7}}
  rotator: {type: function, runtime: python3.12, handler: app.handler, code: src/rotator, uses: {s: read-write}}
""")
    except ArchError as exc:
        pytest.skip(f"function not buildable here: {exc}")
    schedule = props(ctx, "SRotationSchedule")
    assert schedule["Properties"]["RotationRules"] == {"AutomaticallyAfterDays": 7}
    assert schedule["Properties"]["RotationLambdaARN"] == {"Fn::GetAtt": ["RotatorFunction", "Arn"]}
    assert ctx.entries["SRotationSchedule"].layer == ctx.layer_of(ctx.component("rotator"))
    assert props(ctx, "SRotationPermission")["Properties"]["SourceArn"] == {"Ref": "SSecret"}


# -- checks ----------------------------------------------------------------
@pytest.mark.parametrize("components,code,fragment", [
    ("  c: {type: cache, engine: memcached, auth: token}\n", "E1501", "no AUTH token"),
    ("  c: {type: cache, engine: memcached, version: '1.6.6'}\n", "E1502", "cannot encrypt in transit"),
    ("  c: {type: cache, engine: memcached, encryption: kms}\n", "E1503", "no encryption at rest"),
    ("  c: {type: cache, engine: valkey, version: '7.0'}\n", "E1505", "ElastiCache has no valkey version 7.0"),
    ("  c: {type: cache, engine: redis, version: '7.3'}\n", "E1505", "ElastiCache has no redis version 7.3"),
    ("  t: {type: table, partition_key: {name: id}, billing: provisioned}\n", "E1401", "needs capacity"),
    ("  t: {type: table, partition_key: {name: id}, capacity: {read: 1, write: 1}}\n", "E1402", "only applies"),
    ("  t: {type: table, partition_key: {name: id}, indexes: {gsi: {partition_key: {name: id, type: N}}}}\n",
     "E1403", "attribute 'id' is type N here but S"),
    ("  t: {type: table, partition_key: {name: id}, indexes: {gsi: {partition_key: {name: g}, projection: include}}}\n",
     "E1404", "projection: include needs attributes"),
    ("  f: {type: file-system, throughput_mode: provisioned}\n", "E1701", "needs provisioned_mibps"),
    ("  f: {type: file-system, performance_mode: max-io}\n", "E1703", "max-io performance"),
    ("  s: {type: secret, generate: {template: {user: app}}}\n", "E1801", "needs generate.key"),
    ("  s: {type: secret, rotation: {function: nope}}\n", "E301", "is not a component"),
    ("  s: {type: secret, rotation: {function: t}}\n  t: {type: table, partition_key: {name: id}}\n",
     "E302", "it must be a function"),
])
def test_checks(components, code, fragment):
    found = errors_of(components)
    assert any(c == code and fragment in m for c, m, _ in found), found


def test_memcached_memory_alarm_is_refused():
    found = errors_of("  c: {type: cache, engine: memcached}\nmonitoring:\n  notify: [ops@example.com]\n"
                      "  alarms:\n    - {component: c, metric: memory, threshold: 80}\n")
    assert any(c == "E1504" and "DatabaseMemoryUsagePercentage" in m for c, m, _ in found), found


def test_public_tier_cache_is_refused():
    found = errors_of("  c: {type: cache, subnets: public}\n")
    assert any(c == "E317" for c, _, _ in found), found


# -- conformance -----------------------------------------------------------
@pytest.mark.parametrize("stem,names", [("ecs-on-ec2", ("cache", "app-secrets")), ("jamstack", ("articles",))])
def test_conformance_components_of_the_data_tier(stem, names):
    path = next((p for p in CONFORMANCE if p.stem == stem), None)
    if path is None:
        pytest.skip("conformance architectures are not available")
    data, _ = loader.load_file(path)
    network = NETWORK if stem == "ecs-on-ec2" else NETWORK.split("network:")[0] + "components:\n"
    text = "".join(f"  {n}: {json.dumps(data['components'][n])}\n" for n in names)
    _, ctx = build(text, network)
    owned = {e.component for e in ctx.entries.values()}
    assert set(names) <= owned
