"""The WAFv2 web ACL of a ``static-site`` with ``waf: true``.

CloudFront web ACLs have scope CLOUDFRONT, which CloudFormation creates only
in us-east-1 (the checks refuse another home region). The ACL runs the
AWS managed rule groups for IP reputation, the core rule set and known bad
inputs (Log4j among them), then a per-IP rate limit; every rule publishes
CloudWatch metrics and sampled requests.
"""
from __future__ import annotations

from troposphere import wafv2

from ...core.context import Context
from ...core.model import Component
from ...core.naming import logical_id, pascal

# Evaluation order: cheapest and most decisive first. Priorities are fixed per rule, never list positions.
MANAGED_RULE_GROUPS = (
    (0, "AWSManagedRulesAmazonIpReputationList"),
    (1, "AWSManagedRulesCommonRuleSet"),
    (2, "AWSManagedRulesKnownBadInputsRuleSet"),
)
RATE_LIMIT_PRIORITY = 10


def _visibility(metric: str) -> wafv2.VisibilityConfig:
    return wafv2.VisibilityConfig(CloudWatchMetricsEnabled=True, MetricName=metric, SampledRequestsEnabled=True)


def web_acl(ctx: Context, comp: Component) -> str:
    """Create ``<Name>WebAcl``; returns its logical ID."""
    prefix = pascal(comp.name)
    rules = [wafv2.WebACLRule(
        Name=f"AWS-{group}", Priority=priority, OverrideAction=wafv2.OverrideAction(**{"None": {}}),
        Statement=wafv2.Statement(ManagedRuleGroupStatement=wafv2.ManagedRuleGroupStatement(VendorName="AWS", Name=group)),
        VisibilityConfig=_visibility(f"{prefix}-{group}"),
    ) for priority, group in MANAGED_RULE_GROUPS]
    rules.append(wafv2.WebACLRule(
        Name="RateLimitPerIp", Priority=RATE_LIMIT_PRIORITY, Action=wafv2.RuleAction(Block=wafv2.BlockAction()),
        Statement=wafv2.Statement(RateBasedStatement=wafv2.RateBasedStatement(
            Limit=comp.waf_rate_limit, AggregateKeyType="IP", EvaluationWindowSec=300)),
        VisibilityConfig=_visibility(f"{prefix}-RateLimitPerIp")))
    acl = ctx.add(wafv2.WebACL(
        logical_id(comp.name, "WebAcl"), Scope="CLOUDFRONT",
        Description=f"{ctx.arch.name} {comp.name}: AWS managed rules and a per-IP rate limit",
        DefaultAction=wafv2.DefaultAction(Allow=wafv2.AllowAction()),
        Rules=rules, VisibilityConfig=_visibility(f"{prefix}-WebAcl"),
    ), comp)
    return acl.title
