"""A load balancer behind another load balancer.

A network load balancer forwards to an application load balancer natively: its target group
has ``TargetType: alb`` and lists the application load balancer on the listener port. An
application load balancer cannot name another one as a target, so it forwards to the inner
load balancer's private addresses in an ``ip`` target group, which a small scheduled function
keeps equal to the addresses of the inner load balancer's network interfaces (they change
as it scales). In both cases the inner load balancer's security group admits exactly the
outer one's group on the forwarded listener port.
"""
from __future__ import annotations

from awacs import ec2 as awacs_ec2
from awacs import elasticloadbalancing as awacs_elb
from awacs import logs as awacs_logs
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, awslambda, iam, logs
from troposphere import events as cfn_events
from troposphere import elasticloadbalancingv2 as elb

from ...core.context import Context
from .model import LoadBalancer, listener_id, load_balancer_id

SCHEDULE = "rate(1 minute)"
RUNTIME = "python3.12"
SYNC_CODE = '''import os
import boto3

ec2 = boto3.client("ec2")
elbv2 = boto3.client("elbv2")


def handler(event, context):
    group, port = os.environ["TARGET_GROUP_ARN"], int(os.environ["PORT"])
    name = "ELB " + os.environ["LOAD_BALANCER_FULL_NAME"]
    found = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": [name]}])
    want = {i["PrivateIpAddress"] for i in found["NetworkInterfaces"]}
    health = elbv2.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
    have = {t["Target"]["Id"] for t in health}
    add = [{"Id": ip, "Port": port} for ip in sorted(want - have)]
    gone = [{"Id": ip, "Port": port} for ip in sorted(have - want)]
    if add:
        elbv2.register_targets(TargetGroupArn=group, Targets=add)
    if gone and want:
        elbv2.deregister_targets(TargetGroupArn=group, Targets=gone)
    return {"registered": len(add), "deregistered": len(gone) if want else 0}
'''


def registrations(inner: LoadBalancer, port: int) -> tuple[list, list]:
    """The inner load balancer as the one target of an ``alb`` target group, once its listener exists."""
    return [elb.TargetDescription(Id=Ref(load_balancer_id(inner.name)), Port=port)], [listener_id(inner.name, port)]


def inner_protocol(inner: LoadBalancer, port: int) -> str:
    """HTTP or HTTPS: the protocol of the inner load balancer's listener on ``port``."""
    listener = next((l for l in inner.listeners if l.port == port), None)
    return "HTTPS" if listener is not None and listener.protocol == "HTTPS" else "HTTP"


def _role(ctx: Context, outer: LoadBalancer, base: str, group: str, log_group: str) -> str:
    statements = [
        Statement(Sid="Logs", Effect=Allow, Action=[awacs_logs.CreateLogStream, awacs_logs.PutLogEvents],
                  Resource=[GetAtt(log_group, "Arn")]),
        Statement(Sid="Describe", Effect=Allow,  # neither action supports resource-level permissions
                  Action=[awacs_ec2.DescribeNetworkInterfaces, awacs_elb.DescribeTargetHealth], Resource=["*"]),
        Statement(Sid="Register", Effect=Allow,
                  Action=[awacs_elb.RegisterTargets, awacs_elb.DeregisterTargets], Resource=[Ref(group)]),
    ]
    role = ctx.add(iam.Role(
        base + "Role", Description=f"{ctx.arch.name} {outer.name}: keeps an IP target group on an inner "
                                   "load balancer's addresses",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "lambda.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="target-sync", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=statements))]), outer)
    return role.title


def _function(ctx: Context, outer: LoadBalancer, inner: LoadBalancer, base: str, group: str, port: int) -> str:
    log_group = ctx.add(logs.LogGroup(base + "LogGroup", RetentionInDays=365), outer)
    ctx.suppress(log_group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    role = _role(ctx, outer, base, group, log_group.title)
    function = awslambda.Function(
        base + "Function", Runtime=RUNTIME, Handler="index.handler", Role=GetAtt(role, "Arn"),
        Code=awslambda.Code(ZipFile=SYNC_CODE), Timeout=30, MemorySize=128, ReservedConcurrentExecutions=1,
        Description=f"{outer.name}: registers {inner.name}'s addresses in {group}",
        Environment=awslambda.Environment(Variables={
            "LOAD_BALANCER_FULL_NAME": GetAtt(load_balancer_id(inner.name), "LoadBalancerFullName"),
            "PORT": str(port), "TARGET_GROUP_ARN": Ref(group)}),
        LoggingConfig=awslambda.LoggingConfig(LogGroup=Ref(log_group)))
    reasons = {
        "CKV_AWS_116": "run every minute by a schedule; a failed run is repeated by the next one",
        "CKV_AWS_117": "calls only the EC2 and Elastic Load Balancing APIs and reaches nothing inside the VPC",
        "CKV_AWS_173": "the environment holds a target group ARN, a port and a load balancer name, no secrets",
        "CKV_AWS_272": "inline code generated by the compiler, visible in the template",
    }
    if not ctx.arch.monitoring.tracing:
        reasons["CKV_AWS_50"] = "monitoring.tracing is off in the architecture"
    else:
        function.TracingConfig = awslambda.TracingConfig(Mode="Active")
    for check, reason in reasons.items():
        ctx.suppress(function, check, reason)
    ctx.add(function, outer)
    return function.title


def add_sync(ctx: Context, outer: LoadBalancer, inner: LoadBalancer, group: str, port: int) -> None:
    """The scheduled function that keeps ``group`` (an ip target group) on ``inner``'s addresses."""
    base = group[: -len("TargetGroup")] + "Sync"
    function = _function(ctx, outer, inner, base, group, port)
    rule = ctx.add(cfn_events.Rule(
        base + "Schedule", Description=f"{outer.name}: refresh {inner.name}'s addresses in {group}",
        ScheduleExpression=SCHEDULE, State="ENABLED",
        Targets=[cfn_events.Target(Id="target-sync", Arn=GetAtt(function, "Arn"))]), outer)
    ctx.add(awslambda.Permission(
        base + "Permission", Action="lambda:InvokeFunction", FunctionName=GetAtt(function, "Arn"),
        Principal="events.amazonaws.com", SourceArn=GetAtt(rule, "Arn")), outer)
    ctx.note(f"components.{outer.name}: forwards to the application load balancer '{inner.name}' through an IP "
             f"target group that a function refreshes every minute (AWS has no load-balancer target for an "
             f"application load balancer)")
