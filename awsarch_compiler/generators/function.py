"""``function``: a Lambda function, its role, log group and triggers.

The role may write logs to the function's own log group and do exactly what
its ``uses`` grant, plus what its triggers need (the ``consume`` statements
of a triggering queue) and its dead-letter target (send or publish). A
function with ``vpc: true`` also gets the network-interface permissions
Lambda needs to attach it to its subnets, in this account and region only.

``code`` is one of:

* a local folder or ``.zip`` path, written into ``Code`` unchanged:
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

import re
from dataclasses import dataclass
from typing import Mapping, Optional

from awacs import awslambda as awacs_lambda
from awacs import ec2 as awacs_ec2
from awacs import logs as awacs_logs
from awacs import xray as awacs_xray
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import AWSHelperFn, GetAtt, Ref, Sub, awslambda, iam, logs

from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component, empty
from ..core.naming import env_prefix, logical_id
from . import events, register
from .base import AccessMode, ComponentType, Metric
from .function_triggers import Trigger, check_triggers, generate_triggers, queue_triggers

RESERVED_ENV = {"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
                "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_XRAY_CONTEXT_MISSING", "AWS_XRAY_DAEMON_ADDRESS"}
INLINE_RUNTIMES = ("python", "nodejs")
S3_URI = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$")


@dataclass(frozen=True, kw_only=True)
class Function(Component):
    runtime: str
    handler: str
    code: Optional[str] = None
    inline: Optional[str] = None
    memory: int = 128
    timeout: int = 3
    architecture: str = "x86_64"
    environment: Mapping[str, str] = empty()
    reserved_concurrency: Optional[int] = None
    log_retention_days: int = 365
    vpc: bool = False
    dead_letter: Optional[str] = None
    triggers: tuple[Trigger, ...] = ()


class LocalPath(AWSHelperFn):
    """A local path in ``Code``, for ``aws cloudformation package`` to upload and replace."""

    def __init__(self, path: str):
        self.data = path


def function_id(name: str) -> str:
    return logical_id(name, "Function")


def function_arn(name: str):
    return GetAtt(function_id(name), "Arn")


def _code(fn: Function):
    if fn.inline is not None:
        return awslambda.Code(ZipFile=fn.inline)
    if fn.code.startswith("s3://"):
        bucket, key = fn.code[len("s3://"):].split("/", 1)
        return awslambda.Code(S3Bucket=bucket, S3Key=key)
    return LocalPath(fn.code)


def _asynchronous_sources(fn: Function, ctx: Context) -> list[str]:
    """What invokes the function asynchronously (Lambda's retries and dead-letter target apply)."""
    from .topic import function_subscriptions

    sources = [f"schedule {t.schedule}" for t in fn.triggers if t.schedule]
    sources += [f"bucket {name}" for name in sorted({r.bucket for r in events.routes(ctx.arch) if r.target == fn.name})]
    sources += [f"topic {t.name}" for t in ctx.arch.of_type("topic")
                if any(name == fn.name for name, _ in function_subscriptions(ctx.arch, t.name))]
    return sources


def _metric(name: str, statistic: str, description: str, **kw) -> Metric:
    return Metric("AWS/Lambda", name, lambda comp, ctx: {"FunctionName": Ref(function_id(comp.name))},
                  statistic=statistic, description=description, **kw)


@register
class FunctionType(ComponentType):
    type_name = "function"
    spec = Function
    layer = "compute"
    access = {"invoke": AccessMode("lambda:InvokeFunction on it", ("FUNCTION_NAME",))}
    metrics = {
        "errors": _metric("Errors", "Sum", "invocations that failed (count)"),
        "throttles": _metric("Throttles", "Sum", "throttled invocations (count)"),
        "duration_p95": _metric("Duration", "p95", "95th percentile duration (milliseconds)"),
        "invocations": _metric("Invocations", "Sum", "invocations (count)"),
        "concurrent_executions": _metric("ConcurrentExecutions", "Maximum", "concurrent executions (count)"),
    }

    def needs_vpc(self, comp: Function) -> bool:
        return bool(getattr(comp, "vpc", False))

    def target_type(self, comp: Function) -> str:
        return "lambda"

    def port(self, comp):
        return None

    def check(self, fn: Function, arch):
        from ..check import reference_errors
        from . import registry

        path = ("components", fn.name)
        if (fn.code is None) == (fn.inline is None):
            yield error("E397", "a function needs exactly one of code and inline", path,
                        "code: src/app (a folder or .zip, or s3://bucket/key.zip), or inline: | with the source")
        if fn.code and fn.code.startswith("s3://") and not S3_URI.match(fn.code):
            yield error("E397", f"'{fn.code}' is not an S3 object URI", path + ("code",),
                        "write s3://BUCKET/KEY.zip, or a local path such as src/app")
        if fn.inline is not None:
            if not fn.runtime.startswith(INLINE_RUNTIMES):
                yield error("E338", f"inline code needs a Python or Node.js runtime, not {fn.runtime}",
                            path + ("inline",), "package the code in a folder and use code: instead")
            elif not fn.handler.startswith("index."):
                yield error("E339", f"inline code is saved as index.py or index.js, so the handler must start "
                                    f"with 'index.', not '{fn.handler}'", path + ("handler",),
                            f"handler: index.{fn.handler.rsplit('.', 1)[-1]}")
        if fn.dead_letter:
            found = reference_errors(arch, fn.dead_letter, path + ("dead_letter",), ("queue", "topic"), "dead_letter")
            yield from found
            if not found and getattr(arch.components[fn.dead_letter], "fifo", False):
                yield error("E398", f"Lambda cannot send failed events to the FIFO {arch.components[fn.dead_letter].type} "
                                    f"'{fn.dead_letter}'", path + ("dead_letter",), "use a standard queue or topic")
        kinds = registry()
        from_uses = {}
        for target, mode in fn.uses.items():
            if target in arch.components and mode in kinds[arch.components[target].type].access:
                for suffix in kinds[arch.components[target].type].access[mode].env:
                    from_uses[f"{env_prefix(target)}_{suffix}"] = target
        for name in fn.environment:
            where = path + ("environment", name)
            if name in RESERVED_ENV or name.startswith("AWS_LAMBDA_"):
                yield error("E399", f"Lambda reserves the environment variable {name}", where, "choose another name")
            elif name in from_uses:
                yield error("E399", f"{name} is already set by uses: {from_uses[name]}", where,
                            "remove it, or rename it")
        yield from check_triggers(fn, arch)
        yield from events.check(arch, owner=fn.name)

    def grant(self, mode, source, target: Function, ctx) -> Grant:
        statement = Statement(Effect=Allow, Action=[awacs_lambda.InvokeFunction], Resource=[function_arn(target.name)])
        return Grant(source.name, target.name, mode, statements=(statement,),
                     env=((f"{env_prefix(target.name)}_FUNCTION_NAME", Ref(function_id(target.name))),))

    def generate(self, fn: Function, ctx: Context) -> None:
        logical = function_id(fn.name)
        group = ctx.add(logs.LogGroup(logical_id(fn.name, "LogGroup"), RetentionInDays=fn.log_retention_days), fn)
        ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
        if fn.log_retention_days < 365:
            ctx.suppress(group, "CKV_AWS_338", f"log retention set to {fn.log_retention_days} days in the architecture")
            ctx.note(f"components.{fn.name}.log_retention_days: {fn.log_retention_days} — logs kept less than a year")
        role = ctx.add(iam.Role(
            logical_id(fn.name, "Role"),
            Description=f"{ctx.arch.name} {fn.name}: Lambda execution role",
            AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
                Effect=Allow, Principal=Principal("Service", "lambda.amazonaws.com"), Action=[AssumeRole])]),
            Policies=[iam.Policy(PolicyName="function", PolicyDocument=PolicyDocument(
                Version="2012-10-17", Statement=self._statements(fn, ctx)))]), fn)
        function = awslambda.Function(
            logical, Description=(fn.description or f"{ctx.arch.name} {fn.name}")[:256],
            Runtime=fn.runtime, Handler=fn.handler, Code=_code(fn), MemorySize=fn.memory, Timeout=fn.timeout,
            Architectures=[fn.architecture], Role=GetAtt(role, "Arn"),
            LoggingConfig=awslambda.LoggingConfig(LogGroup=Ref(group)))
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
            ctx.suppress(function, "CKV_AWS_117", "vpc: false — the function calls only AWS APIs and reaches "
                                                  "nothing inside a VPC")
        if ctx.arch.monitoring.tracing:
            function.TracingConfig = awslambda.TracingConfig(Mode="Active")
        else:
            ctx.suppress(function, "CKV_AWS_50", "monitoring.tracing is off in the architecture")
        if fn.dead_letter:
            target = ctx.component(fn.dead_letter)
            arn = GetAtt(logical_id(target.name, "Queue"), "Arn") if target.type == "queue" else \
                Ref(logical_id(target.name, "Topic"))
            function.DeadLetterConfig = awslambda.DeadLetterConfig(TargetArn=arn)
        elif not _asynchronous_sources(fn, ctx):
            ctx.suppress(function, "CKV_AWS_116", "no asynchronous trigger: it is called synchronously or polls a "
                                                  "queue, whose own dead-letter queue keeps failed messages")
        else:
            ctx.suppress(function, "CKV_AWS_116", "no dead_letter in the architecture: failed asynchronous "
                                                  "events are dropped after Lambda's two retries")
            ctx.note(f"components.{fn.name}: no dead_letter — failed events of "
                     f"{', '.join(_asynchronous_sources(fn, ctx))} are dropped after two retries")
        ctx.suppress(function, "CKV_AWS_272", "code signing is not part of this architecture: the code is uploaded by aws cloudformation package from the account's own build")
        ctx.add(function, fn)
        generate_triggers(ctx, fn, logical)

    def _statements(self, fn: Function, ctx: Context) -> list:
        group_arn = GetAtt(logical_id(fn.name, "LogGroup"), "Arn")
        statements = [Statement(Sid="WriteOwnLogs", Effect=Allow, Action=[awacs_logs.CreateLogStream,
                                                                           awacs_logs.PutLogEvents],
                                Resource=[group_arn])]
        statements += ctx.statements_for(fn.name)
        for trigger in queue_triggers(fn):
            if fn.uses.get(trigger.queue) != "consume":
                queue = ctx.component(trigger.queue)
                statements += ctx.kind(trigger.queue).grant("consume", fn, queue, ctx).statements
        if fn.dead_letter:
            target = ctx.component(fn.dead_letter)
            mode = "send" if target.type == "queue" else "publish"
            if fn.uses.get(fn.dead_letter) != mode:
                statements += ctx.kind(fn.dead_letter).grant(mode, fn, target, ctx).statements
        if fn.vpc:
            statements.append(Statement(
                Sid="DescribeNetworkInterfaces", Effect=Allow,
                Action=[awacs_ec2.DescribeNetworkInterfaces, awacs_ec2.DescribeSubnets], Resource=["*"]))
            statements.append(Statement(
                Sid="ManageOwnNetworkInterfaces", Effect=Allow,
                Action=[awacs_ec2.CreateNetworkInterface, awacs_ec2.DeleteNetworkInterface,
                        awacs_ec2.AssignPrivateIpAddresses, awacs_ec2.UnassignPrivateIpAddresses],
                Resource=[Sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:*/*")]))
        if ctx.arch.monitoring.tracing:
            statements.append(Statement(Sid="WriteTraces", Effect=Allow, Resource=["*"], Action=[
                awacs_xray.PutTraceSegments, awacs_xray.PutTelemetryRecords]))
        return statements

