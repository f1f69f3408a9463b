"""The source action, what the pipeline's role needs to run it, and what starts the pipeline.

CodeCommit and ECR sources start the pipeline through an EventBridge rule on the branch or tag
(no polling); a connection source through the pipeline's own V2 trigger, with branch and file-path
filters; an S3 source is polled (S3 emits no event for a bucket this architecture does not own).
"""
from __future__ import annotations

from awacs import codecommit as awacs_codecommit
from awacs import codepipeline as awacs_codepipeline
from awacs import s3 as awacs_s3
from awacs.aws import Action, Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, codepipeline, events, iam

from ...core.context import Context
from ...core.naming import logical_id
from ..repository.model import repository_arn
from .model import Pipeline, pipeline_id

SOURCE = "Source"  # the source artifact's name


def pipeline_arn(comp: Pipeline):
    return Sub(f"arn:${{AWS::Partition}}:codepipeline:${{AWS::Region}}:${{AWS::AccountId}}:${{{pipeline_id(comp.name)}}}")


def _codecommit_arn(name: str):
    return Sub(f"arn:${{AWS::Partition}}:codecommit:${{AWS::Region}}:${{AWS::AccountId}}:{name}")


def action(comp: Pipeline, ctx: Context) -> tuple[codepipeline.Actions, list[Statement]]:
    src = comp.source
    kind = src.kind
    if kind == "codecommit":
        provider, config = "CodeCommit", {"RepositoryName": src.codecommit, "BranchName": src.branch,
                                          "PollForSourceChanges": "false", "OutputArtifactFormat": "CODE_ZIP"}
        statements = [Statement(Effect=Allow, Action=[
            awacs_codecommit.GetBranch, awacs_codecommit.GetCommit, awacs_codecommit.GetUploadArchiveStatus,
            awacs_codecommit.UploadArchive, awacs_codecommit.CancelUploadArchive],
            Resource=[_codecommit_arn(src.codecommit)])]
    elif kind == "connection":
        provider, config = "CodeStarSourceConnection", {
            "ConnectionArn": src.connection, "FullRepositoryId": src.repository, "BranchName": src.branch,
            "OutputArtifactFormat": "CODE_ZIP"}
        statements = [Statement(Effect=Allow, Action=[Action("codeconnections", "UseConnection"),
                                                      Action("codestar-connections", "UseConnection")],
                                Resource=[src.connection])]
    elif kind == "bucket":
        provider, config = "S3", {"S3Bucket": src.bucket, "S3ObjectKey": src.key, "PollForSourceChanges": "true"}
        statements = [Statement(Effect=Allow, Action=[awacs_s3.GetObject, awacs_s3.GetObjectVersion],
                                Resource=[Sub(f"arn:${{AWS::Partition}}:s3:::{src.bucket}/{src.key}")]),
                      Statement(Effect=Allow, Action=[awacs_s3.GetBucketVersioning],
                                Resource=[Sub(f"arn:${{AWS::Partition}}:s3:::{src.bucket}")])]
        ctx.note(f"components.{comp.name}.source: the pipeline polls s3://{src.bucket}/{src.key} for changes")
    else:
        provider, config = "ECR", {"RepositoryName": Ref(logical_id(src.ecr, "Repository")), "ImageTag": src.tag}
        statements = [Statement(Effect=Allow, Action=[Action("ecr", "DescribeImages")],
                                Resource=[repository_arn(src.ecr)])]
    return codepipeline.Actions(
        Name=SOURCE, ActionTypeId=codepipeline.ActionTypeId(Category="Source", Owner="AWS", Provider=provider,
                                                            Version="1"),
        Configuration=config, OutputArtifacts=[codepipeline.OutputArtifacts(Name=SOURCE)], RunOrder=1,
    ), statements


def triggers(comp: Pipeline) -> list:
    """The pipeline's own V2 triggers (connection sources only)."""
    src = comp.source
    if src.kind != "connection":
        return []
    push = codepipeline.GitPushFilter(Branches=codepipeline.GitBranchFilterCriteria(Includes=[src.branch]))
    if src.paths:
        push.FilePaths = codepipeline.GitFilePathFilterCriteria(Includes=list(src.paths))
    return [codepipeline.PipelineTriggerDeclaration(
        ProviderType="CodeStarSourceConnection",
        GitConfiguration=codepipeline.GitConfiguration(SourceActionName=SOURCE, Push=[push]))]


def _pattern(comp: Pipeline) -> dict | None:
    src = comp.source
    if src.kind == "codecommit":
        return {"source": ["aws.codecommit"], "detail-type": ["CodeCommit Repository State Change"],
                "resources": [_codecommit_arn(src.codecommit)],
                "detail": {"event": ["referenceCreated", "referenceUpdated"], "referenceType": ["branch"],
                           "referenceName": [src.branch]}}
    if src.kind == "ecr":
        return {"source": ["aws.ecr"], "detail-type": ["ECR Image Action"],
                "detail": {"action-type": ["PUSH"], "result": ["SUCCESS"],
                           "repository-name": [Ref(logical_id(src.ecr, "Repository"))], "image-tag": [src.tag]}}
    return None


def start_rule(comp: Pipeline, ctx: Context) -> None:
    """An EventBridge rule that starts the pipeline on a commit to the branch (or a push of the tag)."""
    pattern = _pattern(comp)
    if pattern is None:
        return
    role = ctx.add(iam.Role(
        logical_id(comp.name, "StartRole"), Description=f"{ctx.arch.name} {comp.name}: EventBridge starts the pipeline",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "events.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="start", PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[
            Statement(Effect=Allow, Action=[awacs_codepipeline.StartPipelineExecution],
                      Resource=[pipeline_arn(comp)])]))]), comp)
    ctx.add(events.Rule(
        logical_id(comp.name, "StartRule"), Description=f"{ctx.arch.name} {comp.name}: start on a new revision",
        EventPattern=pattern, State="ENABLED",
        Targets=[events.Target(Id="Pipeline", Arn=pipeline_arn(comp), RoleArn=GetAtt(role, "Arn"))]), comp)
