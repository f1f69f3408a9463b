"""The Lambda function of a ``function`` component: log group, role, function, triggers.

The role may write logs to the function's own log group and do exactly what
its ``uses`` grant, plus what its triggers need (the source type's
``trigger_access`` mode, such as a queue's ``consume``) and its dead-letter
target (that type's ``send_access``). A function with ``vpc: true`` also gets
the network-interface permissions Lambda needs to attach it to its subnets,
in this account and region only.

``code`` is one of:

* a local folder or ``.zip`` path relative to the architecture file, written
  into ``Code`` relative to the output folder (``core.codepaths``):
  ``aws cloudformation package`` accepts a local path in
  ``AWS::Lambda::Function`` ``Code``, zips and uploads it, and replaces it with
  ``S3Bucket``/``S3Key``. It resolves the path from the folder of the
  template being packaged. cfn-lint reports such a path as W3002 ("may only
  work with package"), which the lint stage accepts because packaging is the
  documented way to deploy the output;
* an ``s3://bucket/key`` URI of an uploaded .zip (``S3Bucket``/``S3Key``);
* or ``inline`` source instead of ``code`` (``ZipFile``, Python or Node.js).
"""
from __future__ import annotations

from awacs import ec2 as awacs_ec2
from awacs import logs as awacs_logs
from awacs import xray as awacs_xray
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, awslambda, iam, logs

from ...core.context import Context
from ...core.naming import logical_id
from .deploy import add_alias
from .model import Function, LocalPath, alias_id, deployed, function_id, invoke_arn, log_group_id
from .schedule import add_schedule

NO_DEAD_LETTER = "no asynchronous trigger: it is called synchronously or polls a queue, whose own dead-letter " \
                 "queue keeps failed messages"


def _code(fn: Function, ctx: Context):
    if fn.inline is not None:
        return awslambda.Code(ZipFile=fn.inline)
    if fn.code.startswith("s3://"):
        bucket, key = fn.code[len("s3://"):].split("/", 1)
        return awslambda.Code(S3Bucket=bucket, S3Key=key)
    return LocalPath(ctx.local_code(fn.code, ("components", fn.name, "code")))


def deliveries(fn: Function, arch) -> list:
    """(source component, edge, Delivery) of every service that invokes ``fn`` through its resource
    policy (bucket events, topic messages), once per source, in DSL order."""
    out, seen = [], set()
    for edge in arch.edges_to(fn.name, "deliver", "trigger"):
        if edge.source in seen or edge.source not in arch.components:
            continue
        source = arch.components[edge.source]
        delivery = arch.kind(edge.source).delivery(source, edge)
        if delivery is not None:
            seen.add(edge.source)
            out.append((source, edge, delivery))
    return out


def asynchronous_sources(fn: Function, arch) -> list[str]:
    """What invokes the function asynchronously (Lambda's retries and dead-letter target apply)."""
    sources = [f"schedule {t.schedule}" for t in fn.triggers if t.source is None]
    return sources + [f"{source.type} {source.name}" for source, _, _ in deliveries(fn, arch)]


def _log_group(fn: Function, ctx: Context):
    group = ctx.add(logs.LogGroup(log_group_id(fn.name), RetentionInDays=fn.log_retention_days), fn)
    ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    if fn.log_retention_days < 365:
        ctx.suppress(group, "CKV_AWS_338", f"log retention set to {fn.log_retention_days} days in the architecture")
        ctx.note(f"components.{fn.name}.log_retention_days: {fn.log_retention_days} — logs kept less than a year")
    return group


def _role(fn: Function, ctx: Context):
    return ctx.add(iam.Role(
        logical_id(fn.name, "Role"),
        Description=f"{ctx.arch.name} {fn.name}: Lambda execution role",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "lambda.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="function", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=_statements(fn, ctx)))]), fn)


def _settings(fn: Function, function: awslambda.Function, ctx: Context) -> None:
    """Environment, concurrency, VPC placement and tracing, with the scanner notes of each opt-out."""
    # Lambda cannot inject secret values: the code reads them at run time through the
    # <NAME>_SECRET_ARN values that uses: already puts in the environment.
    variables = dict(fn.environment)
    variables.update(ctx.env_for(fn.name))
    if variables:
        function.Environment = awslambda.Environment(Variables=dict(sorted(variables.items())))
        ctx.suppress(function, "CKV_AWS_173", "environment values are encrypted at rest with the Lambda "
                                              "service key and hold no secrets (secrets are passed as ARNs)")
    if fn.reserved_concurrency is not None:
        function.ReservedConcurrentExecutions = fn.reserved_concurrency
    else:
        ctx.suppress(function, "CKV_AWS_115", "reserved_concurrency not set: the function draws on the "
                                              "account's unreserved concurrency")
    if fn.vpc:
        function.VpcConfig = awslambda.VPCConfig(SubnetIds=ctx.subnet_refs(ctx.tier_of(fn)),
                                                 SecurityGroupIds=[ctx.security_group(fn.name)])
    else:
        ctx.suppress(function, "CKV_AWS_117", "vpc is false (the default): the function runs outside the VPC "
                                              "and uses nothing inside it")
    if ctx.arch.monitoring.tracing:
        function.TracingConfig = awslambda.TracingConfig(Mode="Active")
    else:
        ctx.suppress(function, "CKV_AWS_50", "monitoring.tracing is off (the default; tracing: true turns on X-Ray)")


def _dead_letter(fn: Function, function: awslambda.Function, ctx: Context) -> None:
    if fn.dead_letter:
        target = ctx.component(fn.dead_letter)
        function.DeadLetterConfig = awslambda.DeadLetterConfig(TargetArn=ctx.kind(target.name).delivery_arn(target, ctx.arch))
        return
    sources = asynchronous_sources(fn, ctx.arch)
    if not sources:
        ctx.suppress(function, "CKV_AWS_116", NO_DEAD_LETTER)
        return
    ctx.suppress(function, "CKV_AWS_116", "no dead_letter in the architecture: failed asynchronous "
                                          "events are dropped after Lambda's two retries")
    ctx.note(f"components.{fn.name}: no dead_letter — failed events of {', '.join(sources)} are dropped after two retries")


def _invocations(fn: Function, ctx: Context, logical: str) -> None:
    """Triggers (each source type adds its own side) and the permissions of the services that invoke it;
    all of them call the alias when a pipeline shifts the function's traffic."""
    if deployed(fn.name, ctx.arch):
        logical = alias_id(fn.name)
    for i, trigger in enumerate(fn.triggers):
        path = ("components", fn.name, "triggers", i)
        if trigger.source is None:
            add_schedule(ctx, fn, trigger.schedule, invoke_arn(fn.name, ctx.arch), path)
        else:
            source = ctx.component(trigger.source)
            ctx.kind(source.name).trigger_resources(source, fn, trigger, ctx, logical, path)
    for source, edge, delivery in deliveries(fn, ctx.arch):
        ctx.add(awslambda.Permission(
            logical_id(source.name, "To", fn.name, "Permission"), Action="lambda:InvokeFunction",
            FunctionName=invoke_arn(fn.name, ctx.arch), Principal=delivery.service, SourceArn=delivery.source_arn,
        ), fn, layer=ctx.later_layer(source, fn), path=edge.path)


def generate(fn: Function, ctx: Context) -> None:
    logical = function_id(fn.name)
    group = _log_group(fn, ctx)
    role = _role(fn, ctx)
    function = awslambda.Function(
        logical, Description=(fn.description or f"{ctx.arch.name} {fn.name}")[:256],
        Runtime=fn.runtime, Handler=fn.handler, Code=_code(fn, ctx), MemorySize=fn.memory, Timeout=fn.timeout,
        Architectures=[fn.architecture], Role=GetAtt(role, "Arn"),
        LoggingConfig=awslambda.LoggingConfig(LogGroup=Ref(group)))
    _settings(fn, function, ctx)
    _dead_letter(fn, function, ctx)
    ctx.suppress(function, "CKV_AWS_272", "code signing is not part of this architecture: the code is uploaded by "
                                          "aws cloudformation package from the account's own build")
    ctx.add(function, fn)
    if deployed(fn.name, ctx.arch):
        add_alias(fn, ctx)
    _invocations(fn, ctx, logical)


def _vpc_statements() -> list:
    return [
        Statement(Sid="DescribeNetworkInterfaces", Effect=Allow,
                  Action=[awacs_ec2.DescribeNetworkInterfaces, awacs_ec2.DescribeSubnets], Resource=["*"]),
        Statement(Sid="ManageOwnNetworkInterfaces", Effect=Allow,
                  Action=[awacs_ec2.CreateNetworkInterface, awacs_ec2.DeleteNetworkInterface,
                          awacs_ec2.AssignPrivateIpAddresses, awacs_ec2.UnassignPrivateIpAddresses],
                  Resource=[Sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:*/*")]),
    ]


def _statements(fn: Function, ctx: Context) -> list:
    statements = [Statement(Sid="WriteOwnLogs", Effect=Allow,
                            Action=[awacs_logs.CreateLogStream, awacs_logs.PutLogEvents],
                            Resource=[GetAtt(log_group_id(fn.name), "Arn")])]
    statements += ctx.statements_for(fn.name)
    for trigger in fn.triggers:
        if trigger.source is not None:
            statements += ctx.kind(trigger.source).trigger_statements(ctx.component(trigger.source), fn, trigger, ctx)
    if fn.dead_letter:
        mode = ctx.kind(fn.dead_letter).send_access
        if fn.uses.get(fn.dead_letter) != mode:
            statements += ctx.kind(fn.dead_letter).grant(mode, fn, ctx.component(fn.dead_letter), ctx).statements
    if fn.vpc:
        statements += _vpc_statements()
    if ctx.arch.monitoring.tracing:
        statements.append(Statement(Sid="WriteTraces", Effect=Allow, Resource=["*"], Action=[
            awacs_xray.PutTraceSegments, awacs_xray.PutTelemetryRecords]))
    return statements


def load_balancer_permission(fn: Function, ctx: Context) -> str:
    """Elastic Load Balancing may invoke the function (target groups of this account only), once."""
    logical = logical_id(fn.name, "LoadBalancerPermission")
    if logical not in ctx.entries:
        ctx.add(awslambda.Permission(
            logical, Action="lambda:InvokeFunction", FunctionName=invoke_arn(fn.name, ctx.arch),
            Principal="elasticloadbalancing.amazonaws.com", SourceAccount=Ref("AWS::AccountId")), fn)
    return logical
