"""What keeps an internet-facing load balancer's traffic encrypted and behind its CloudFront
distribution: the origin-verify secret and the listener rules that check it, the reasons of the
checkov suppressions on plain HTTP, and the summary notes of each choice and opt-out.

CloudFront adds the header ``X-Origin-Verify: <secret>`` to every request it sends to the load
balancer (the value is generated in Secrets Manager and resolved by CloudFormation); the listener
CloudFront reaches answers 403 to any request without it, so the origin-facing prefix list alone
(every distribution of every account) is not enough to reach the targets.
"""
from __future__ import annotations

from troposphere import Ref, Sub, secretsmanager
from troposphere import elasticloadbalancingv2 as elb

from ...core.context import Context
from ...core.naming import logical_id
from .model import (
    LoadBalancer,
    OriginListener,
    RecordCertificate,
    default_route,
    default_rule_id,
    target_group_id,
)
from .secure import cloudfront_only

LAST_PRIORITY = 50000  # ALB rule priorities run 1..50000; the verified default route is matched last


def secret_id(name: str) -> str:
    return logical_id(name, "OriginVerifySecret")


def header_value(lb_name: str) -> Sub:
    """The secret's value as a dynamic reference CloudFormation resolves at deploy time."""
    return Sub(f"{{{{resolve:secretsmanager:${{{secret_id(lb_name)}}}:SecretString}}}}")


def origin_headers(comp: LoadBalancer) -> list[tuple[str, object]]:
    listener = next((l for l in comp.listeners if isinstance(l, OriginListener)), None)
    return [] if listener is None else [(listener.header, header_value(comp.name))]


def add_secret(ctx: Context, comp: LoadBalancer) -> None:
    secret = secretsmanager.Secret(
        secret_id(comp.name),
        Description=f"{ctx.arch.name} {comp.name}: the X-Origin-Verify header value CloudFront sends; "
                    "the load balancer refuses requests without it",
        GenerateSecretString=secretsmanager.GenerateSecretString(PasswordLength=48, ExcludePunctuation=True))
    ctx.suppress(secret, "CKV_AWS_149", "default: encrypted with the AWS managed key aws/secretsmanager; only "
                                        "CloudFormation reads it, to write it into the distribution and the listener rules")
    ctx.suppress(secret, "CKV2_AWS_57", "default: the distribution and the listener rules must change together, "
                                        "so it is rotated by putting a new value and redeploying the stacks")
    ctx.add(secret, comp)
    ctx.note(f"components.{comp.name}: only requests that carry CloudFront's secret X-Origin-Verify header are "
             f"served (secret {secret.title}, not rotated automatically: put a new value and redeploy to rotate it)")


def header_condition(listener: OriginListener, lb_name: str) -> elb.Condition:
    return elb.Condition(Field="http-header", HttpHeaderConfig=elb.HttpHeaderConfig(
        HttpHeaderName=listener.header, Values=[header_value(lb_name)]))


def forbidden() -> elb.Action:
    return elb.Action(Type="fixed-response", FixedResponseConfig=elb.FixedResponseConfig(
        StatusCode="403", ContentType="text/plain", MessageBody="Forbidden"))


def add_default_rule(ctx: Context, comp: LoadBalancer, listener: OriginListener, listener_ref: str) -> None:
    """The verified requests that match no other rule go to the listener's default route."""
    default = default_route(listener)
    if default is None:
        return
    ctx.add(elb.ListenerRule(
        default_rule_id(comp.name, listener.port), ListenerArn=Ref(listener_ref), Priority=LAST_PRIORITY,
        Conditions=[header_condition(listener, comp.name)],
        Actions=[elb.ListenerRuleAction(Type="forward", TargetGroupArn=Ref(target_group_id(comp.name, default.target, default.port)))]),
        comp)


def http_reason(comp: LoadBalancer, arch) -> str:
    """Why a plain HTTP listener is allowed (the checkov suppression's reason)."""
    if comp.plain_http:
        return "plain HTTP set in the architecture (plain_http: true)"
    if comp.scheme == "internal":
        return ("internal load balancer: the listener is declared with protocol HTTP in the architecture and "
                "admits only the components that use it")
    return ("default for a load balancer reached only through CloudFront and named by no dns record (no host name "
            "a certificate could cover): it admits only CloudFront's origin-facing servers with the secret "
            "origin-verify header")


def notes(ctx: Context, comp: LoadBalancer) -> None:
    name = f"components.{comp.name}"
    http = [l.port for l in comp.listeners if l.protocol == "HTTP"]
    for listener in comp.listeners:
        if isinstance(listener.certificate, RecordCertificate):
            names = ", ".join((listener.certificate.domain,) + listener.certificate.names)
            ctx.note(f"{name}: the HTTP listener is served as HTTPS on 443 with a certificate for {names} "
                     f"(DNS-validated in {ctx.arch.dns.zone.rstrip('.')})"
                     f"{' and port 80 redirects to it' if comp.redirect_http else ''}; plain_http: true keeps plain HTTP")
    if not http or comp.kind != "application":
        return
    ports = ", ".join(map(str, http))
    if comp.plain_http:
        ctx.note(f"{name}.plain_http: true — listener {ports} serves unencrypted HTTP to the internet")
    elif comp.scheme == "internal":
        ctx.note(f"{name}: listener {ports} is plain HTTP — traffic is not encrypted in transit")
    elif cloudfront_only(comp, ctx.arch):
        ctx.note(f"{name}: CloudFront reaches it over plain HTTP on {ports}, since no dns record names it for a "
                 "certificate to cover; name it in dns.records to make that hop HTTPS")
