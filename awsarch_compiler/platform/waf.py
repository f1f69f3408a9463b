"""WAFv2 web ACLs for the entry points that take ``waf:`` (load balancers, REST API stages,
CloudFront distributions), their IP sets, logging and association, and the checks of the settings.

Rule order, by fixed priority: the blocked IPs (0), the allowed IPs (1), the AWS managed rule
groups (10 + their place in :data:`~..core.waf.MANAGED_RULE_GROUPS`), the per-IP rate limit (100).
Every request the ACL evaluates is logged to the CloudWatch Logs group
``aws-waf-logs-<architecture>-<component>`` (WAF requires that prefix) with the Authorization and
Cookie headers redacted, unless ``logging: false``.
"""
from __future__ import annotations

import ipaddress

from troposphere import GetAtt, Sub, logs, wafv2

from ..core.context import Context
from ..core.diagnostics import Diagnostic, error
from ..core.model import Architecture, Component
from ..core.naming import logical_id, pascal
from ..core.waf import MANAGED_RULE_GROUPS, Waf

BLOCK_PRIORITY, ALLOW_PRIORITY, MANAGED_PRIORITY, RATE_PRIORITY = 0, 1, 10, 100
REDACTED = ("authorization", "cookie")


def _visibility(metric: str) -> wafv2.VisibilityConfig:
    return wafv2.VisibilityConfig(CloudWatchMetricsEnabled=True, MetricName=metric, SampledRequestsEnabled=True)


def _ip_sets(ctx: Context, comp: Component, role: str, cidrs: tuple, scope: str) -> list[str]:
    """One IP set per address family in use; returns their logical IDs."""
    out = []
    for version, family in ((4, "IPV4"), (6, "IPV6")):
        addresses = [c for c in cidrs if ipaddress.ip_network(c, strict=False).version == version]
        if not addresses:
            continue
        ip_set = ctx.add(wafv2.IPSet(
            logical_id(comp.name, "Waf", role, "Ipv" + str(version), "Set"), Scope=scope, IPAddressVersion=family,
            Addresses=addresses, Description=f"{ctx.arch.name} {comp.name}: {role.lower()}ed addresses"), comp)
        out.append(ip_set.title)
    return out


def _ip_rule(ctx: Context, comp: Component, settings: Waf, role: str, scope: str):
    cidrs = settings.block_ips if role == "Block" else settings.allow_ips
    sets = _ip_sets(ctx, comp, role, cidrs, scope)
    if not sets:
        return None
    matches = [wafv2.Statement(IPSetReferenceStatement=wafv2.IPSetReferenceStatement(Arn=GetAtt(s, "Arn")))
               for s in sets]
    statement = matches[0] if len(matches) == 1 else wafv2.Statement(
        OrStatement=wafv2.OrStatement(Statements=matches))
    action = wafv2.RuleAction(Block=wafv2.BlockAction()) if role == "Block" else \
        wafv2.RuleAction(Allow=wafv2.AllowAction())
    return wafv2.WebACLRule(Name=f"{role}edIps", Priority=BLOCK_PRIORITY if role == "Block" else ALLOW_PRIORITY,
                            Action=action, Statement=statement,
                            VisibilityConfig=_visibility(f"{pascal(comp.name)}-{role}edIps"))


def _rules(ctx: Context, comp: Component, settings: Waf, scope: str) -> list:
    prefix = pascal(comp.name)
    rules = [r for r in (_ip_rule(ctx, comp, settings, role, scope) for role in ("Block", "Allow")) if r]
    order = list(MANAGED_RULE_GROUPS)
    for name in sorted(settings.managed_rules, key=order.index):
        group = MANAGED_RULE_GROUPS[name]
        rules.append(wafv2.WebACLRule(
            Name=f"AWS-{group}", Priority=MANAGED_PRIORITY + order.index(name),
            OverrideAction=wafv2.OverrideAction(**{"None": {}}),
            Statement=wafv2.Statement(ManagedRuleGroupStatement=wafv2.ManagedRuleGroupStatement(
                VendorName="AWS", Name=group)),
            VisibilityConfig=_visibility(f"{prefix}-{group}")))
    rules.append(wafv2.WebACLRule(
        Name="RateLimitPerIp", Priority=RATE_PRIORITY, Action=wafv2.RuleAction(Block=wafv2.BlockAction()),
        Statement=wafv2.Statement(RateBasedStatement=wafv2.RateBasedStatement(
            Limit=settings.rate_limit, AggregateKeyType="IP", EvaluationWindowSec=300)),
        VisibilityConfig=_visibility(f"{prefix}-RateLimitPerIp")))
    return rules


def _logging(ctx: Context, comp: Component, settings: Waf, acl: str) -> None:
    if not settings.logging:
        ctx.note(f"components.{comp.name}.waf.logging: false — the web ACL's decisions are not logged")
        return
    group = ctx.add(logs.LogGroup(
        logical_id(comp.name, "WafLogs"), LogGroupName=f"aws-waf-logs-{ctx.arch.name}-{comp.name}"[:512],
        RetentionInDays=settings.log_retention_days), comp)
    ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    ctx.add(wafv2.LoggingConfiguration(
        logical_id(comp.name, "WafLogging"), ResourceArn=GetAtt(acl, "Arn"),
        LogDestinationConfigs=[Sub(f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:"
                                   f"log-group:${{{group.title}}}")],
        RedactedFields=[wafv2.LoggingConfigurationFieldToMatch(SingleHeader=wafv2.SingleHeader(Name=h))
                        for h in REDACTED]), comp)


def web_acl(ctx: Context, comp: Component, settings: Waf, scope: str, protects: str) -> str:
    """Create ``<Name>WebAcl`` (scope REGIONAL or CLOUDFRONT) with its rules and logging; returns its ID."""
    prefix = pascal(comp.name)
    default = wafv2.DefaultAction(Block=wafv2.BlockAction()) if settings.default_action == "block" else \
        wafv2.DefaultAction(Allow=wafv2.AllowAction())
    acl = wafv2.WebACL(
        logical_id(comp.name, "WebAcl"), Scope=scope, DefaultAction=default,
        Description=f"{ctx.arch.name} {comp.name}: AWS WAF in front of {protects}"[:256],
        Rules=_rules(ctx, comp, settings, scope), VisibilityConfig=_visibility(f"{prefix}-WebAcl"))
    if "known-bad-inputs" not in settings.managed_rules:
        ctx.suppress(acl, "CKV_AWS_192", "set in the architecture: waf.managed_rules leaves out known-bad-inputs "
                                         "(the Log4j rules)")
        ctx.note(f"components.{comp.name}.waf.managed_rules: without known-bad-inputs — Log4j and other known "
                 "exploit patterns are not blocked")
    if settings.default_action == "block":
        ctx.note(f"components.{comp.name}.waf.default_action: block — only waf.allow_ips reach it")
    ctx.add(acl, comp)
    _logging(ctx, comp, settings, acl.title)
    return acl.title


def associate(ctx: Context, comp: Component, acl: str, resource_arn, depends_on: list | None = None) -> None:
    """Attach a REGIONAL web ACL to a load balancer or an API stage."""
    association = wafv2.WebACLAssociation(logical_id(comp.name, "WebAclAssociation"), ResourceArn=resource_arn,
                                          WebACLArn=GetAtt(acl, "Arn"))
    if depends_on:
        association.DependsOn = depends_on
    ctx.add(association, comp)


def _cidr_errors(cidrs: tuple, where: tuple):
    for i, cidr in enumerate(cidrs):
        try:
            network = ipaddress.ip_network(cidr, strict=True)
        except ValueError as exc:
            yield error("E350", f"'{cidr}' is not a CIDR WAF accepts: {exc}", where + (i,),
                        "write the network address with its prefix length, such as 203.0.113.0/24")
            continue
        if network.prefixlen == 0:
            yield error("E351", f"'{cidr}' matches every address; WAF IP sets take /1 to /32 (IPv6: /128)",
                        where + (i,), "use default_action: block with allow_ips, or remove the entry")


def check(arch: Architecture) -> list[Diagnostic]:
    out = []
    for comp in arch.components.values():
        settings = arch.kind(comp.name).web_acl_settings(comp)
        if settings is None:
            continue
        path = ("components", comp.name, "waf")
        out += list(_cidr_errors(settings.allow_ips, path + ("allow_ips",)))
        out += list(_cidr_errors(settings.block_ips, path + ("block_ips",)))
        if settings.default_action == "block" and not settings.allow_ips:
            out.append(error("E352", "default_action: block without allow_ips blocks every request",
                             path + ("default_action",), "add allow_ips: [CIDR, ...], or use default_action: allow"))
    return out
