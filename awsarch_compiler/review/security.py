"""Security rules: TLS and WAF at the entry points, rotation, least privilege, audit and flow logs."""
from __future__ import annotations

from . import facts
from .rules import Finding, component_finding, rule

RULES: list = []
OPEN_CIDRS = ("0.0.0.0/0", "::/0")
IAM_KEYS = ("PolicyDocument", "Policies", "ManagedPolicyArns", "AssumeRolePolicyDocument", "KeyPolicy")
NETWORK_KEYS = ("SecurityGroupIngress", "SecurityGroupEgress", "CidrIp", "CidrIpv6", "PubliclyAccessible",
                "PublicAccessBlockConfiguration", "MapPublicIpOnLaunch", "AssociatePublicIpAddress")
RUNTIME = ("function", "container-service", "instance-group")


@rule(RULES, "WA-SEC-001", "Internet-facing load balancers speak TLS", "high",
      """Plain HTTP across the internet lets anyone on the path read and change requests, cookies and
      credentials included.""",
      """Add an HTTPS listener with a certificate ({domain: NAME} or an ACM ARN) and redirect_http: true,
      or serve the load balancer only through a static-site route (CloudFront speaks TLS to viewers).""")
def lb_without_tls(arch, ctx):
    for lb in facts.of(arch, "load-balancer"):
        if not facts.internet_facing(lb) or arch.edges_to(lb.name, "origin"):
            continue
        if not any(l.protocol in ("HTTPS", "TLS") for l in lb.listeners):
            yield component_finding(lb, f"internet-facing load balancer '{lb.name}' has no HTTPS or TLS listener",
                                    "listeners")


@rule(RULES, "WA-SEC-002", "Internet entry points are behind a web application firewall", "medium",
      """A WAF blocks the common exploits (the AWS managed core rule set) and floods (rate limits) before
      they reach the application; without one every request arrives.""",
      """Set waf: true on static sites, application load balancers and REST APIs, or serve them through a
      static-site route with waf: true (CloudFront then filters their traffic too).""")
def entry_without_waf(arch, ctx):
    for comp in facts.entry_points(arch):
        if arch.kind(comp.name).web_acl_settings(comp) is not None:
            continue
        if comp.type == "static-site":
            yield component_finding(comp, f"static site '{comp.name}' has waf: false", "waf")
        elif not facts.behind_waf(arch, comp.name):
            yield component_finding(comp, f"{comp.type} '{comp.name}' takes internet traffic with no WAF in front")


@rule(RULES, "WA-SEC-003", "Secrets are rotated", "medium",
      """A secret that never changes stays valid wherever it has leaked: logs, laptops, former colleagues.
      Rotation bounds how long a leak is useful.""",
      """Add rotation: {function: ROTATOR, days: 30} to the secret (the function uses it read-write), or
      suppress the rule for a value a third party issues and rotates.""")
def unrotated_secret(arch, ctx):
    for secret in facts.of(arch, "secret"):
        if getattr(secret, "rotation", None) is None:
            yield component_finding(secret, f"secret '{secret.name}' is never rotated")


def _widening(fragment, path=()) -> list[tuple[str, tuple]]:
    """(what, path) of the keys in an override fragment that widen network or IAM access."""
    out = []
    if isinstance(fragment, dict) or hasattr(fragment, "items"):
        for key, value in fragment.items():
            here = path + (key,)
            if key in IAM_KEYS:
                out.append(("IAM", here))
            elif key in NETWORK_KEYS:
                out.append(("network", here))
            elif key == "Principal" and value in ("*", {"AWS": "*"}):
                out.append(("IAM", here))
            else:
                out += _widening(value, here)
    elif isinstance(fragment, (list, tuple)):
        for i, value in enumerate(fragment):
            out += _widening(value, path + (i,))
    elif fragment in OPEN_CIDRS:
        out.append(("network", path))
    return out


@rule(RULES, "WA-SEC-004", "Overrides do not widen network or IAM access", "high",
      """The compiler grants exactly what uses: declares. An override that edits policies, security-group
      rules or public access steps around that, and nothing else in the file shows it.""",
      """Express the access with uses: so it is least privilege and visible, or keep the override and
      suppress the rule on its component with the reason it is needed.""")
def widening_overrides(arch, ctx):
    for logical, fragment in arch.overrides.items():
        entry = ctx.entries.get(logical) if ctx is not None else None
        owner = entry.component if entry is not None else None
        for what, where in _widening(fragment):
            yield Finding(f"the override of {logical} changes {what} access ({'.'.join(map(str, where))})",
                          ("overrides", logical) + where, owner)


@rule(RULES, "WA-SEC-005", "Components get write access only where they write", "medium",
      """A running service needs to pull its images, not push them, and only a secret's rotation function
      writes the secret. Write access beyond that lets a compromised component replace the code or the
      credentials everyone else runs with.""",
      """Use read instead of read-write on repositories from running components, and on secrets from
      anything but the secret's rotation function.""")
def write_where_reading(arch, ctx):
    for comp in arch.components.values():
        if comp.type not in RUNTIME:
            continue
        for target, mode in comp.uses.items():
            other = arch.components.get(target)
            if other is None or mode != "read-write":
                continue
            rotator = getattr(getattr(other, "rotation", None), "function", None)
            if other.type == "repository" or (other.type == "secret" and rotator != comp.name):
                yield component_finding(comp, f"'{comp.name}' may write {other.type} '{target}' but only needs to "
                                              "read it", "uses", target)


@rule(RULES, "WA-SEC-006", "API calls are recorded in an audit trail", "medium",
      """Without CloudTrail there is no record of who changed what in the account: an incident cannot be
      traced and a compliance review has nothing to read.""",
      """Set monitoring.audit_trail: true (a multi-region trail to an encrypted, retained bucket), or
      suppress the rule where the organisation's trail already covers the account.""")
def no_audit_trail(arch, ctx):
    if facts.production(arch) and arch.components and not arch.monitoring.audit_trail:
        yield Finding("monitoring.audit_trail is off", ("monitoring",))


@rule(RULES, "WA-SEC-007", "VPC flow logs are on", "medium",
      """Flow logs are the only record of which addresses talked to what inside the VPC; without them a
      compromised instance's connections cannot be reconstructed.""",
      """Keep network.flow_logs: true (the default).""")
def no_flow_logs(arch, ctx):
    if arch.network is not None and not arch.network.flow_logs:
        yield Finding("network.flow_logs is false", ("network", "flow_logs"))


@rule(RULES, "WA-SEC-008", "Redis and Valkey caches require an AUTH token", "medium",
      """In-transit encryption hides the traffic but lets any client in the security group run every
      command, FLUSHALL and CONFIG included. An AUTH token makes a stolen network position insufficient.""",
      """Leave auth unset (a generated token in Secrets Manager, shared through uses: connect) or set
      auth: token.""")
def cache_without_auth(arch, ctx):
    for cache in facts.of(arch, "cache"):
        if cache.engine != "memcached" and not cache.uses_token:
            yield component_finding(cache, f"cache '{cache.name}' accepts clients without an AUTH token", "auth")
