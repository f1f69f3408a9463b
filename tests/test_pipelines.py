"""The pipeline type: stages and actions, least-privilege roles, the artifact store, the deploy
targets' side (the CodeDeploy agent, artifact access), and an emulator deployment.

moto's CloudFormation does not model AWS::CodePipeline::Pipeline, AWS::CodeBuild::Project,
AWS::CodeDeploy::* or AWS::CloudWatch::Alarm (the emulator deploys them as stand-ins); it does model
the roles, the artifact bucket and key, the log groups and the EventBridge rules, which are asserted
on as deployed. The pipeline declaration itself is then created through moto's CodePipeline API with
the deployed role, which checks that CodePipeline may assume it.
"""
import json

import boto3
import pytest

from awsarch_compiler import pipeline
from awsarch_compiler.core import output
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.pipeline import Options, compile_source
from awsarch_compiler.core import loader

import emulator
from conftest import CONFORMANCE, ROOT

EXAMPLES = {name: ROOT / "examples" / f"{name}.yaml"
            for name in ("pipeline-ec2", "pipeline-static-site", "pipeline-lambda-canary", "pipeline-ecs")}


def templates_of(result) -> dict:
    return {name: json.loads(text) for name, text in result.files.items() if name != output.MANIFEST}


def resources_of(templates: dict, resource_type: str) -> dict:
    return {lid: r for t in templates.values() for lid, r in t["Resources"].items() if r["Type"] == resource_type}


@pytest.fixture(scope="module")
def compiled():
    out = {}
    for name, path in EXAMPLES.items():
        result = pipeline.compile_file(path, Options(fmt="json", lint=False))
        out[name] = (result, templates_of(result))
    return out


def stages(templates: dict) -> list:
    (declaration,) = resources_of(templates, "AWS::CodePipeline::Pipeline").values()
    return [(s["Name"], [a["Name"] for a in s["Actions"]]) for s in declaration["Properties"]["Stages"]]


def test_stage_and_action_names(compiled):
    assert stages(compiled["pipeline-ec2"][1]) == [
        ("Source", ["Source"]), ("Build", ["Build"]), ("Test", ["Test"]), ("Approval", ["Approve"]),
        ("Deploy", ["DeployWeb"])]
    assert stages(compiled["pipeline-static-site"][1]) == [
        ("Source", ["Source"]), ("Build", ["Build"]), ("Deploy", ["DeploySite", "InvalidateSite"])]


def test_the_pipeline_has_its_own_stack_and_the_store_sits_in_the_data_stack(compiled):
    _, templates = compiled["pipeline-ec2"]
    assert "AWS::CodePipeline::Pipeline" in {r["Type"] for r in templates["fleet-pipeline.json"]["Resources"].values()}
    assert {"ReleaseArtifactBucket", "ReleaseArtifactKey"} <= set(templates["fleet-data.json"]["Resources"])


def _statements(role: dict) -> list:
    return [s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]


def test_roles_name_concrete_resources(compiled):
    """Only calls AWS offers no resource-level permission for (Describe*, tag:GetResources, ECS task
    definition registration, the ECR token) are on "*"."""
    for name, (_, templates) in compiled.items():
        for logical, role in resources_of(templates, "AWS::IAM::Role").items():
            for statement in _statements(role):
                if "*" in statement["Resource"]:
                    assert all(a.split(":")[1].startswith(("Describe", "GetResources", "RegisterTaskDefinition", "GetAuthorizationToken"))
                               for a in statement["Action"]), \
                        (name, logical, statement)


def test_each_project_has_its_role_log_group_and_the_artifact_key(compiled):
    _, templates = compiled["pipeline-ec2"]
    projects = resources_of(templates, "AWS::CodeBuild::Project")
    assert sorted(projects) == ["ReleaseBuildProject", "ReleaseTestProject"]
    build = projects["ReleaseBuildProject"]["Properties"]
    assert build["Environment"]["ComputeType"] == "BUILD_GENERAL1_MEDIUM"
    assert build["Environment"]["PrivilegedMode"] is False
    assert build["Source"]["BuildSpec"] == "ci/buildspec.yml"
    assert build["LogsConfig"]["CloudWatchLogs"]["GroupName"] == {"Ref": "ReleaseBuildLogs"}
    role = resources_of(templates, "AWS::IAM::Role")["ReleaseBuildBuildRole"]
    reports = [s for s in _statements(role) if "codebuild:CreateReport" in s["Action"]]
    assert len(reports) == 1 and "report-group/${AWS::StackName}-release-build-unit" in json.dumps(reports)


def test_the_static_site_build_reads_exactly_its_parameter(compiled):
    _, templates = compiled["pipeline-static-site"]
    role = resources_of(templates, "AWS::IAM::Role")["PublishBuildBuildRole"]
    (ssm,) = [s for s in _statements(role) if s["Action"] == ["ssm:GetParameters"]]
    assert json.dumps(ssm["Resource"]).count("parameter/docs/api-url") == 1
    invalidation = resources_of(templates, "AWS::IAM::Role")["PublishInvalidateSiteBuildRole"]
    (statement,) = [s for s in _statements(invalidation) if s["Action"] == ["cloudfront:CreateInvalidation"]]
    assert "distribution/${SiteDistribution}" in json.dumps(statement["Resource"])


def test_the_deployed_group_installs_the_agent_and_reads_the_artifacts(compiled):
    _, templates = compiled["pipeline-ec2"]
    compute = templates["fleet-compute.json"]["Resources"]
    data = json.dumps(compute["WebLaunchTemplate"]["Properties"]["LaunchTemplateData"]["UserData"])
    assert "codedeploy-agent" in data and "aws-codedeploy-${AWS::Region}" in data
    reads = json.dumps(_statements(compute["WebInstanceRole"]))
    assert "ReleaseArtifactBucketArn" in reads and "s3:PutObject" not in reads


def test_codedeploy_rolls_back_on_the_targets_alarms(compiled):
    _, templates = compiled["pipeline-ec2"]
    group = resources_of(templates, "AWS::CodeDeploy::DeploymentGroup")["WebDeployGroup"]["Properties"]
    assert group["DeploymentConfigName"] == "CodeDeployDefault.OneAtATime"
    assert group["DeploymentStyle"] == {"DeploymentOption": "WITH_TRAFFIC_CONTROL", "DeploymentType": "IN_PLACE"}
    assert group["AutoRollbackConfiguration"]["Events"] == ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
    assert [a["Name"] for a in group["AlarmConfiguration"]["Alarms"]] == [{"Ref": "WebCpuAlarm"}]


BASE = """awsarch: 1
name: steps
components:
  site: {type: static-site, spa: false}
  ship:
    type: pipeline
    source: {codecommit: site}
"""


def test_build_steps_as_a_list_get_a_project_each():
    text = BASE + """    build:
      - {name: lint, commands: [make lint]}
      - {name: bundle, buildspec: buildspec.yml}
    deploy: [{target: site}]
"""
    data, source = loader.load_text(text, "steps.yaml")
    result = compile_source(data, source, Options(fmt="json", lint=False))
    templates = templates_of(result)
    assert sorted(resources_of(templates, "AWS::CodeBuild::Project")) == [
        "ShipBundleProject", "ShipInvalidateSiteProject", "ShipLintProject"]
    assert stages(templates)[1] == ("Build", ["Lint", "Bundle"])


def test_errors_are_located_in_list_form():
    text = BASE + """    build:
      - {name: lint, commands: [make lint]}
      - {name: bundle, buildspec: /etc/buildspec.yml}
"""
    data, source = loader.load_text(text, "steps.yaml")
    with pytest.raises(ArchError) as exc:
        compile_source(data, source, Options(lint=False))
    (diag,) = exc.value.diagnostics
    assert (diag.code, diag.path) == ("E3005", ("components", "ship", "build", 1, "buildspec"))


def test_the_conformance_pipeline_deploys_the_api_in_place():
    path = next(p for p in CONFORMANCE if p.name == "three-tier-ec2.yaml")
    templates = templates_of(pipeline.compile_file(path, Options(fmt="json", lint=False)))
    group = resources_of(templates, "AWS::CodeDeploy::DeploymentGroup")["ApiDeployGroup"]["Properties"]
    assert group["AutoScalingGroups"] == [{"Ref": "ApiAutoScalingGroup"}]
    assert stages(templates)[-2:] == [("Approval", ["Approve"]), ("Deploy", ["DeployApi"])]


def test_every_caller_of_a_canary_function_calls_its_alias(compiled):
    _, templates = compiled["pipeline-lambda-canary"]
    alias = {"Ref": "OrdersAlias"}
    permissions = resources_of(templates, "AWS::Lambda::Permission")
    assert permissions and all(p["Properties"]["FunctionName"] == alias for p in permissions.values())
    (mapping,) = resources_of(templates, "AWS::Lambda::EventSourceMapping").values()
    assert mapping["Properties"]["FunctionName"] == alias
    (integration,) = resources_of(templates, "AWS::ApiGatewayV2::Integration").values()
    assert integration["Properties"]["IntegrationUri"] == alias
    (schedule,) = [r for r in resources_of(templates, "AWS::Events::Rule").values() if "ScheduleExpression" in r["Properties"]]
    assert [t["Arn"] for t in schedule["Properties"]["Targets"]] == [alias]
    live = resources_of(templates, "AWS::Lambda::Alias")["OrdersAlias"]["Properties"]
    assert live["Name"] == "live" and live["FunctionVersion"] == {"Fn::GetAtt": ["OrdersVersion", "Version"]}


def test_the_canary_shifts_ten_percent_for_five_minutes_and_rolls_back_on_errors(compiled):
    _, templates = compiled["pipeline-lambda-canary"]
    (config,) = resources_of(templates, "AWS::CodeDeploy::DeploymentConfig").values()
    assert config["Properties"]["TrafficRoutingConfig"] == {
        "Type": "TimeBasedCanary", "TimeBasedCanary": {"CanaryPercentage": 10, "CanaryInterval": 5}}
    group = resources_of(templates, "AWS::CodeDeploy::DeploymentGroup")["OrdersDeployGroup"]["Properties"]
    assert group["DeploymentStyle"] == {"DeploymentOption": "WITH_TRAFFIC_CONTROL", "DeploymentType": "BLUE_GREEN"}
    assert [a["Name"] for a in group["AlarmConfiguration"]["Alarms"]] == [{"Ref": "OrdersErrorsAlarm"}]
    project = resources_of(templates, "AWS::CodeBuild::Project")["ReleaseDeployOrdersProject"]["Properties"]
    spec = json.loads(project["Source"]["BuildSpec"])["phases"]["build"]["commands"]
    assert any("update-function-code" in c for c in spec) and any("create-deployment" in c for c in spec)
    assert project["TimeoutInMinutes"] == 35


def test_a_function_nobody_deploys_keeps_its_plain_arn():
    text = BASE.replace("  ship:", "  fn: {type: function, runtime: python3.12, handler: index.h, inline: 'def h(e, c): pass',"
                                   " triggers: [{schedule: rate(1 hour)}]}\n  ship:") + """    build: {commands: [make]}
    deploy: {target: site}
"""
    data, source = loader.load_text(text, "steps.yaml")
    templates = templates_of(compile_source(data, source, Options(fmt="json", lint=False)))
    assert resources_of(templates, "AWS::Lambda::Alias") == {}
    (schedule,) = [r for r in resources_of(templates, "AWS::Events::Rule").values() if "ScheduleExpression" in r["Properties"]]
    assert schedule["Properties"]["Targets"][0]["Arn"] == {"Fn::GetAtt": ["FnFunction", "Arn"]}


def test_the_docker_build_pushes_to_its_repository_and_ecs_rolls_the_service(compiled):
    _, templates = compiled["pipeline-ecs"]
    project = resources_of(templates, "AWS::CodeBuild::Project")["ReleaseBuildProject"]["Properties"]
    assert project["Environment"]["PrivilegedMode"] is True
    assert [v["Name"] for v in project["Environment"]["EnvironmentVariables"]] == ["IMAGES_REPOSITORY_URI"]
    role = resources_of(templates, "AWS::IAM::Role")["ReleaseBuildBuildRole"]
    (push,) = [s for s in _statements(role) if "ecr:PutImage" in s["Action"]]
    assert push["Resource"] == [{"Ref": "ImagesRepositoryArn"}]
    assert stages(templates)[-1] == ("Deploy", ["DeployApi"])
    (declaration,) = resources_of(templates, "AWS::CodePipeline::Pipeline").values()
    (action,) = declaration["Properties"]["Stages"][-1]["Actions"]
    assert action["ActionTypeId"]["Provider"] == "ECS"
    assert action["Configuration"]["FileName"] == "imagedefinitions.json"
    pipeline_role = resources_of(templates, "AWS::IAM::Role")["ReleasePipelineRole"]
    (passes,) = [s for s in _statements(pipeline_role) if s["Action"] == ["iam:PassRole"]]
    assert passes["Condition"] == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}


# -- the emulator ----------------------------------------------------------------------------------

def _plain(value):
    """Template values with intrinsic functions replaced by text, for moto's CodePipeline API."""
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)).startswith(("Ref", "Fn::")):
            return "emulated"
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _camel(value):
    if isinstance(value, dict):
        return {(k[:1].lower() + k[1:]) if k != "Configuration" else "configuration":
                (v if k == "Configuration" else _camel(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


@pytest.fixture(scope="module")
def emulated(compiled):
    result, templates = compiled["pipeline-ec2"]
    with emulator.emulated(result.files, "fleet.json") as deployment:
        iam, s3 = boto3.client("iam", region_name=emulator.REGION), boto3.client("s3", region_name=emulator.REGION)
        roles = {lid: iam.get_role(RoleName=name)["Role"] for lid, name in deployment.of_type("AWS::IAM::Role").items()}
        bucket = deployment.physical("ReleaseArtifactBucket")
        store = {"encryption": s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"],
                 "versioning": s3.get_bucket_versioning(Bucket=bucket).get("Status")}
        logs = boto3.client("logs", region_name=emulator.REGION).describe_log_groups()["logGroups"]
        rules = boto3.client("events", region_name=emulator.REGION).list_rules()["Rules"]
        (declaration,) = resources_of(templates, "AWS::CodePipeline::Pipeline").values()
        codepipeline = boto3.client("codepipeline", region_name=emulator.REGION)
        codepipeline.create_pipeline(pipeline={
            "name": "fleet-release", "roleArn": roles["ReleasePipelineRole"]["Arn"],
            "artifactStore": {"type": "S3", "location": bucket},
            "stages": _camel(_plain(declaration["Properties"]["Stages"]))})
        created = codepipeline.get_pipeline(name="fleet-release")["pipeline"]
    return {"deployment": deployment, "roles": roles, "store": store, "logs": logs, "rules": rules,
            "pipeline": created}


def test_the_pipeline_stack_deploys(emulated):
    deployment = emulated["deployment"]
    assert set(deployment.stacks.values()) == {"CREATE_COMPLETE"}
    assert {"AWS::CodePipeline::Pipeline", "AWS::CodeBuild::Project", "AWS::CodeDeploy::Application",
            "AWS::CodeDeploy::DeploymentGroup"} <= set(deployment.skipped_types)


def test_the_roles_trust_exactly_their_services(emulated):
    trusted = {lid: {s["Principal"]["Service"] for s in role["AssumeRolePolicyDocument"]["Statement"]}
               for lid, role in emulated["roles"].items()}
    assert trusted["ReleasePipelineRole"] == {"codepipeline.amazonaws.com"}
    assert trusted["ReleaseBuildBuildRole"] == trusted["ReleaseTestBuildRole"] == {"codebuild.amazonaws.com"}
    assert trusted["WebDeployRole"] == {"codedeploy.amazonaws.com"}
    assert trusted["ReleaseStartRole"] == {"events.amazonaws.com"}


def test_the_artifact_store_is_encrypted_with_its_key(emulated):
    store = emulated["store"]
    (rule,) = store["encryption"]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"].startswith("arn:aws:kms:")


def test_the_artifact_store_expires_artifacts_and_is_tls_only(compiled):
    """moto's CloudFormation applies no versioning, lifecycle, public access block or bucket policy."""
    _, templates = compiled["pipeline-ec2"]
    data = templates["fleet-data.json"]["Resources"]
    assert all(data["ReleaseArtifactBucket"]["Properties"]["PublicAccessBlockConfiguration"].values())
    assert data["ReleaseArtifactBucket"]["Properties"]["VersioningConfiguration"] == {"Status": "Enabled"}
    (expiry,) = data["ReleaseArtifactBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert expiry["ExpirationInDays"] == 30 and expiry["NoncurrentVersionExpiration"]["NoncurrentDays"] == 30
    (deny,) = data["ReleaseArtifactBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_build_logs_have_a_retention(emulated):
    retention = {g["logGroupName"]: g.get("retentionInDays") for g in emulated["logs"]}
    assert [r for name, r in retention.items() if "ReleaseBuildLogs" in name or "ReleaseTestLogs" in name] == [30, 30]


def test_a_commit_to_main_starts_the_pipeline(emulated):
    (rule,) = [r for r in emulated["rules"] if "ReleaseStartRule" in r["Name"]]
    pattern = json.loads(rule["EventPattern"])
    assert pattern["detail"]["referenceName"] == ["main"] and pattern["source"] == ["aws.codecommit"]


def test_codepipeline_accepts_the_declaration_with_the_deployed_role(emulated):
    created = emulated["pipeline"]
    assert [s["name"] for s in created["stages"]] == ["Source", "Build", "Test", "Approval", "Deploy"]
    assert [a["name"] for a in created["stages"][-1]["actions"]] == ["DeployWeb"]
