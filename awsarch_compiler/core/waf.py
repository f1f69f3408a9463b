"""The ``waf:`` setting shared by the entry points that take a WAFv2 web ACL (load balancers,
REST APIs, static sites): ``waf: true`` for the defaults, or a mapping of the fields below."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

# Friendly name -> AWS managed rule group. Each rule's priority is its place in this table,
# so adding or removing one never renumbers the others.
MANAGED_RULE_GROUPS = {
    "ip-reputation": "AWSManagedRulesAmazonIpReputationList",
    "anonymous-ip": "AWSManagedRulesAnonymousIpList",
    "common": "AWSManagedRulesCommonRuleSet",
    "known-bad-inputs": "AWSManagedRulesKnownBadInputsRuleSet",
    "sql": "AWSManagedRulesSQLiRuleSet",
    "linux": "AWSManagedRulesLinuxRuleSet",
    "unix": "AWSManagedRulesUnixRuleSet",
    "windows": "AWSManagedRulesWindowsRuleSet",
    "php": "AWSManagedRulesPHPRuleSet",
    "wordpress": "AWSManagedRulesWordPressRuleSet",
    "admin-protection": "AWSManagedRulesAdminProtectionRuleSet",
    "bot-control": "AWSManagedRulesBotControlRuleSet",
}
DEFAULT_RULES = ("ip-reputation", "common", "known-bad-inputs")


@dataclass(frozen=True, kw_only=True)
class Waf:
    managed_rules: tuple[str, ...] = DEFAULT_RULES
    rate_limit: int = 2000
    allow_ips: tuple[str, ...] = ()
    block_ips: tuple[str, ...] = ()
    default_action: str = "allow"
    logging: bool = True
    log_retention_days: int = 365


def waf_of(value: Union[bool, Waf, None], rate_limit: Optional[int] = None) -> Optional[Waf]:
    """The web ACL settings of a ``waf:`` value (``true``: the defaults), or None without one."""
    if value is None or value is False:
        return None
    if value is True:
        return Waf() if rate_limit is None else Waf(rate_limit=rate_limit)
    return value
