"""container-service and repository: secrets, IAM scope, load balancer registration, scaling, egress planning."""
import json
from pathlib import Path

import pytest

from troposphere import encode_to_dict

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types.container_service.checks import FARGATE_MEMORY

ROOT = Path(__file__).resolve().parent.parent
NETWORK = """
awsarch: 1
name: shop
network:
  nat_gateways: single
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
    data: {type: isolated, size: 24}
"""


def generate(text: str):
    data, source = loader.load_text(text, "arch.yaml")
    return pipeline.generate(pipeline.build_model(data, source))


def resource(ctx, logical: str) -> dict:
    return ctx.entries[logical].resource.to_dict()


def codes(text: str) -> list[str]:
    data, source = loader.load_text(text, "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    return [d.code for d in caught.value.diagnostics]


def dumps(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def example(name: str) -> str:
    return (ROOT / "examples" / f"{name}.yaml").read_text()


WEB = NETWORK + """
components:
  lb:
    type: load-balancer
    plain_http: true
    listeners:
      - port: 80
        routes: [{target: web}]
  images:
    type: repository
  web:
    type: container-service
    repository: images
    port: 8080
    cpu: 512
    memory: 1024
    capacity: {min: 2, max: 10}
    scaling: {cpu_target: 60, memory_target: 70, request_count_target: 800, queue: jobs, messages_per_task: 20}
    environment: {MODE: web}
    uses:
      token: read
      jobs: send
  token:
    type: secret
  jobs:
    type: queue
"""


@pytest.fixture(scope="module")
def web():
    return generate(WEB)


def test_secret_values_only_through_secrets_value_from(web):
    container = resource(web, "WebTaskDefinition")["Properties"]["ContainerDefinitions"][0]
    injected = web.secrets_for("web")
    assert injected, "a secret read must inject a secret"
    names = {s["Name"] for s in container["Secrets"]}
    assert names == {name for name, _ in injected}
    env = {e["Name"]: e["Value"] for e in container["Environment"]}
    assert not names & set(env), "a secret must never also be a plain environment variable"
    assert env["MODE"] == "web"
    text = dumps(container["Environment"])
    assert "resolve:secretsmanager" not in text and "GetSecretValue" not in text


def test_task_role_holds_exactly_the_uses_statements(web):
    role = resource(web, "WebTaskRole")["Properties"]
    assert len(role["Policies"]) == 1 and "ManagedPolicyArns" not in role
    granted = role["Policies"][0]["PolicyDocument"]["Statement"]
    expected = encode_to_dict(list(web.statements_for("web")))
    assert dumps(granted) == dumps(expected)
    assert "*" not in dumps([s["Resource"] for s in granted])


def test_no_uses_means_no_task_role():
    ctx = generate(NETWORK + """
components:
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
""")
    assert "WebTaskRole" not in ctx.entries
    assert "TaskRoleArn" not in resource(ctx, "WebTaskDefinition")["Properties"]
    statements = resource(ctx, "WebExecutionRole")["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert [s["Action"] for s in statements] == [["logs:CreateLogStream", "logs:PutLogEvents"]], \
        "a public image needs no ECR permissions"


def test_execution_role_is_scoped(web):
    statements = resource(web, "WebExecutionRole")["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    by_action = {tuple(s["Action"]): s["Resource"] for s in statements}
    pull = by_action[("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")]
    assert pull == [{"Fn::GetAtt": ["ImagesRepository", "Arn"]}]
    assert by_action[("ecr:GetAuthorizationToken",)] == ["*"]  # AWS allows no narrower resource
    assert by_action[("logs:CreateLogStream", "logs:PutLogEvents")] == [{"Fn::GetAtt": ["WebLogGroup", "Arn"]}]
    secrets = by_action[("secretsmanager:GetSecretValue",)]
    assert dumps(secrets) == dumps(encode_to_dict([v for _, v in web.secrets_for("web")]))
    wildcards = [s for s in statements if s["Resource"] == ["*"]]
    assert [s["Action"] for s in wildcards] == [["ecr:GetAuthorizationToken"]]


def test_service_registers_with_the_routing_load_balancer(web):
    service = resource(web, "WebService")
    lbs = service["Properties"]["LoadBalancers"]
    assert lbs == [{"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": {"Ref": "LbWebTargetGroup"}}]
    assert resource(web, "LbWebTargetGroup")["Properties"]["TargetType"] == "ip"
    assert "LbListener80" in service["DependsOn"]
    assert service["Properties"]["HealthCheckGracePeriodSeconds"] == 300
    network = service["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]
    assert network["AssignPublicIp"] == "DISABLED"
    assert network["Subnets"] == [{"Ref": "AppSubnet1"}, {"Ref": "AppSubnet2"}]
    breaker = service["Properties"]["DeploymentConfiguration"]["DeploymentCircuitBreaker"]
    assert breaker == {"Enable": True, "Rollback": True}


def test_scaling_policies(web):
    target = resource(web, "WebScalableTarget")["Properties"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (2, 10)
    policies = {k: resource(web, k)["Properties"]["TargetTrackingScalingPolicyConfiguration"]
                for k in ("WebCpuScalingPolicy", "WebMemoryScalingPolicy", "WebRequestsScalingPolicy",
                          "WebBacklogScalingPolicy")}
    assert policies["WebCpuScalingPolicy"]["PredefinedMetricSpecification"]["PredefinedMetricType"] == \
        "ECSServiceAverageCPUUtilization"
    assert policies["WebMemoryScalingPolicy"]["TargetValue"] == 70.0
    requests = policies["WebRequestsScalingPolicy"]["PredefinedMetricSpecification"]
    assert requests["PredefinedMetricType"] == "ALBRequestCountPerTarget"
    assert requests["ResourceLabel"] == {
        "Fn::Sub": "${LbLoadBalancer.LoadBalancerFullName}/${LbWebTargetGroup.TargetGroupFullName}"}
    backlog = policies["WebBacklogScalingPolicy"]
    assert backlog["TargetValue"] == 20.0
    queries = {q["Id"]: q for q in backlog["CustomizedMetricSpecification"]["Metrics"]}
    sqs = queries["messages"]["MetricStat"]["Metric"]
    assert sqs["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert sqs["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["JobsQueue", "QueueName"]}}]
    assert [q["Id"] for q in queries.values() if q.get("ReturnData")] == ["backlog"]
    for policy in policies.values():
        assert (policy["ScaleInCooldown"], policy["ScaleOutCooldown"]) == (300, 60)


def test_read_only_root_and_logs(web):
    task = resource(web, "WebTaskDefinition")["Properties"]
    container = task["ContainerDefinitions"][0]
    assert container["ReadonlyRootFilesystem"] is True
    assert {"ContainerPath": "/tmp", "ReadOnly": False, "SourceVolume": "tmp"} in container["MountPoints"]
    assert container["LogConfiguration"]["Options"]["awslogs-group"] == {"Ref": "WebLogGroup"}
    assert (task["NetworkMode"], task["Cpu"], task["Memory"]) == ("awsvpc", "512", "1024")
    assert container["Image"] == {"Fn::Sub": "${ImagesRepository.RepositoryUri}:${WebImageTag}"}
    assert "WebImageTag" in web.parameters


@pytest.mark.parametrize("cpu,memory,ok", [
    (256, 512, True), (256, 2048, True), (256, 4096, False), (512, 512, False), (1024, 8192, True),
    (4096, 30720, True), (4096, 31744, False), (8192, 20480, True), (8192, 18432, False), (16384, 122880, True)])
def test_fargate_task_sizes(cpu, memory, ok):
    assert (memory in FARGATE_MEMORY[cpu]) is ok
    text = NETWORK + f"""
components:
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
    cpu: {cpu}
    memory: {memory}
"""
    if ok:
        generate(text)
    else:
        assert codes(text) == ["E2302"]


def test_ec2_launch_ignores_fargate_sizes():
    generate(NETWORK + """
components:
  web:
    type: container-service
    launch: ec2
    image: public.ecr.aws/docker/library/nginx:1.27
    cpu: 512
    memory: 512
""")


def test_ec2_capacity_is_secure():
    ctx = generate(example("ecs-on-ec2"))
    data = resource(ctx, "BackendLaunchTemplate")["Properties"]["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpTokens"] == "required"
    assert data["MetadataOptions"]["HttpPutResponseHopLimit"] == 1
    assert all(m["Ebs"]["Encrypted"] for m in data["BlockDeviceMappings"])
    assert ctx.parameters["BackendAmiId"].properties["Default"].startswith("/aws/service/ecs/optimized-ami/")
    provider = resource(ctx, "BackendCapacityProvider")["Properties"]["AutoScalingGroupProvider"]
    asg = resource(ctx, "BackendAutoScalingGroup")["Properties"]
    assert provider["ManagedTerminationProtection"] == "ENABLED" and asg["NewInstancesProtectedFromScaleIn"] is True
    service = resource(ctx, "BackendService")
    assert "BackendCapacityProviderAssociation" in service["DependsOn"]
    assert "LaunchType" not in service["Properties"]


def test_connect_to_a_service_uses_cloud_map():
    ctx = generate(NETWORK + """
components:
  api:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
    port: 8080
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
    uses: {api: connect}
""")
    env = dict(ctx.env_for("web"))
    assert env == {"API_HOST": "api.shop.internal", "API_PORT": "8080"}
    assert resource(ctx, "ServiceDiscoveryNamespace")["Properties"]["Name"] == "shop.internal"
    registries = resource(ctx, "ApiService")["Properties"]["ServiceRegistries"]
    assert registries == [{"RegistryArn": {"Fn::GetAtt": ["ApiDiscoveryService", "Arn"]}}]
    rule = resource(ctx, "ApiFromWeb8080Ingress")["Properties"]
    assert (rule["FromPort"], rule["ToPort"]) == (8080, 8080)
    assert "WebDiscoveryService" not in ctx.entries


def test_fargate_spot_share():
    ctx = generate(NETWORK + """
components:
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
    capacity: {min: 2, max: 6}
    fargate_spot: 75
""")
    strategy = resource(ctx, "WebService")["Properties"]["CapacityProviderStrategy"]
    assert strategy == [{"Base": 2, "CapacityProvider": "FARGATE", "Weight": 25},
                        {"CapacityProvider": "FARGATE_SPOT", "Weight": 75}]
    assert resource(ctx, "WebCluster")["Properties"]["CapacityProviders"] == ["FARGATE", "FARGATE_SPOT"]


def test_repository_defaults_and_access():
    ctx = generate(NETWORK + """
components:
  images:
    type: repository
    keep_images: 5
  ci:
    type: container-service
    image: public.ecr.aws/docker/library/docker:27
    uses: {images: read-write}
""")
    repo = resource(ctx, "ImagesRepository")["Properties"]
    assert repo["ImageTagMutability"] == "IMMUTABLE"
    assert repo["ImageScanningConfiguration"] == {"ScanOnPush": True}
    assert repo["EncryptionConfiguration"] == {"EncryptionType": "KMS"}
    assert json.loads(repo["LifecyclePolicy"]["LifecyclePolicyText"])["rules"][0]["selection"]["countNumber"] == 5
    statements = encode_to_dict(list(ctx.statements_for("ci")))
    assert "ecr:PutImage" in statements[0]["Action"]
    assert statements[0]["Resource"] == [{"Fn::GetAtt": ["ImagesRepository", "Arn"]}]
    assert statements[1] == {"Action": ["ecr:GetAuthorizationToken"], "Effect": "Allow", "Resource": ["*"]}


@pytest.mark.parametrize("mode,read_only", [("mount", False), ("read", True)])
def test_efs_mounts_use_transit_encryption_and_iam(mode, read_only):
    ctx = generate(NETWORK + f"""
components:
  files:
    type: file-system
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
    uses: {{files: {mode}}}
""")
    task = resource(ctx, "WebTaskDefinition")["Properties"]
    efs = [v for v in task["Volumes"] if "EFSVolumeConfiguration" in v]
    assert len(efs) == 1
    config = efs[0]["EFSVolumeConfiguration"]
    assert config["TransitEncryption"] == "ENABLED" and config["AuthorizationConfig"]["IAM"] == "ENABLED"
    mounts = task["ContainerDefinitions"][0]["MountPoints"]
    (mount,) = [m for m in mounts if m["SourceVolume"] == efs[0]["Name"]]
    assert mount["ReadOnly"] is read_only


# -- egress planning -------------------------------------------------------------
def test_ecs_on_ec2_without_nat_compiles_with_its_endpoints():
    generate(example("ecs-on-ec2"))


@pytest.mark.parametrize("dropped", ["ecr.dkr", "ecs-agent", "secretsmanager", "logs", "s3"])
def test_missing_endpoint_is_named(dropped):
    text = example("ecs-on-ec2")
    line = next(l for l in text.splitlines() if l.strip().startswith("endpoints:"))
    items = [e.strip() for e in line.split("[", 1)[1].rstrip("]").split(",")]
    kept = [e for e in items if e != dropped]
    text = text.replace(line, f"  endpoints: [{', '.join(kept)}]")
    data, source = loader.load_text(text, "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    [diag] = [d for d in caught.value.diagnostics if d.code == "E323"]
    assert diag.message.endswith(f"with no VPC endpoint: {dropped}")
    assert f"endpoints: [{', '.join(kept + [dropped])}]" in diag.hint


def test_nat_gateway_needs_no_endpoints():
    generate(NETWORK + """
components:
  images:
    type: repository
  web:
    type: container-service
    repository: images
""")


def test_isolated_fargate_needs_ecr_and_logs():
    assert codes(NETWORK + """
components:
  images:
    type: repository
  web:
    type: container-service
    subnets: data
    repository: images
""") == ["E323"]
    generate(NETWORK.replace("    data: {type: isolated, size: 24}\n",
                             "    data: {type: isolated, size: 24}\n  endpoints: [s3, logs, ecr.api, ecr.dkr]\n") + """
components:
  images:
    type: repository
  web:
    type: container-service
    subnets: data
    repository: images
""")


def test_tracing_adds_the_xray_sidecar():
    ctx = generate(NETWORK + """
components:
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
monitoring: {tracing: true}
""")
    containers = resource(ctx, "WebTaskDefinition")["Properties"]["ContainerDefinitions"]
    assert [c["Name"] for c in containers] == ["web", "xray-daemon"]
    env = {e["Name"]: e["Value"] for e in containers[0]["Environment"]}
    assert env["AWS_XRAY_DAEMON_ADDRESS"] == "127.0.0.1:2000"


@pytest.mark.parametrize("fields,code", [
    ("launch: ec2\n    instance_type: t4g.small", "E2307"),
    ("launch: ec2\n    architecture: arm64\n    instance_type: m5.large", "E2307"),
    ("architecture: arm64\n    fargate_spot: 50", "E2304"),
    ("launch: ec2\n    platform_version: 1.4.0", "E2306"),
])
def test_launch_fields_must_fit(fields, code):
    text = NETWORK + f"""
components:
  web:
    type: container-service
    image: public.ecr.aws/docker/library/nginx:1.27
    {fields}
"""
    assert codes(text) == [code]


def test_arm64_capacity_uses_the_arm64_ami():
    ctx = generate(NETWORK + """
components:
  web:
    type: container-service
    launch: ec2
    architecture: arm64
    image: public.ecr.aws/docker/library/nginx:1.27
""")
    assert ctx.parameters["WebAmiId"].properties["Default"].endswith("/arm64/recommended/image_id")
    data = resource(ctx, "WebLaunchTemplate")["Properties"]["LaunchTemplateData"]
    assert data["InstanceType"] == "t4g.micro"
    platform = resource(ctx, "WebTaskDefinition")["Properties"]["RuntimePlatform"]
    assert platform["CpuArchitecture"] == "ARM64"


def test_private_ecr_image_is_pulled_with_scoped_permissions():
    ctx = generate(NETWORK + """
components:
  web:
    type: container-service
    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.4.2
""")
    statements = resource(ctx, "WebExecutionRole")["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert statements[0]["Resource"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/team/web"}]


def test_egress_planning_covers_other_compute_in_the_vpc():
    text = NETWORK + """
components:
  files:
    type: bucket
  app:
    type: instance-group
    subnets: data
    uses: {files: read}
"""
    data, source = loader.load_text(text, "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    [diag] = caught.value.diagnostics
    assert diag.code == "E323" and diag.message.endswith("no VPC endpoint: s3")
    assert diag.hint.endswith("endpoints: [s3]")


@pytest.mark.parametrize("encryption,expected", [
    ("aws-kms", {"EncryptionType": "KMS"}),
    ("kms", {"EncryptionType": "KMS", "KmsKey": {"Fn::GetAtt": ["ImagesKey", "Arn"]}}),
    ("aes256", {"EncryptionType": "AES256"}),
])
def test_repository_encryption(encryption, expected):
    ctx = generate(NETWORK + f"""
components:
  images:
    type: repository
    encryption: {encryption}
""")
    repo = ctx.entries["ImagesRepository"].resource
    assert repo.to_dict()["Properties"]["EncryptionConfiguration"] == expected
    skipped = [s["id"] for s in (getattr(repo, "Metadata", None) or {}).get("checkov", {}).get("skip", [])]
    assert skipped == (["CKV_AWS_136"] if encryption == "aes256" else [])
    assert ("ImagesKey" in ctx.entries) is (encryption == "kms")
