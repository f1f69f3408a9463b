"""The resources of a ``load-balancer`` besides the load balancer itself: target groups,
listeners and rules, ACM certificates, security-group rules and the access-log bucket."""
from __future__ import annotations

from troposphere import Parameter, Ref, ec2
from troposphere import certificatemanager as acm
from troposphere import elasticloadbalancingv2 as elb

from ...core.context import Context
from ...core.route53 import HOSTED_ZONE
from ...core.naming import logical_id
from ...core.waf import waf_of
from ...platform import connections, waf
from . import addresses, guard, logs
from .checks import cloudfront_routes_to
from .model import (
    HOSTED_ZONE_PARAMETER,
    PREFIX_LIST_PARAMETER,
    Listener,
    LoadBalancer,
    OriginListener,
    default_route,
    is_secure,
    listener_id,
    load_balancer_id,
    origin_of,
    rule_id,
    rule_routes,
    target_group_id,
    target_groups_of,
)
from .targets import add_target_group, forward


def add_listener(ctx: Context, comp: LoadBalancer, listener: Listener) -> None:
    logical = listener_id(comp.name, listener.port)
    default = default_route(listener)
    verified = isinstance(listener, OriginListener)
    if verified:
        action = guard.forbidden()
    elif default is not None:
        action = forward(comp, default.target, default.port)
    else:
        action = elb.Action(Type="fixed-response", FixedResponseConfig=elb.FixedResponseConfig(
            StatusCode="404", ContentType="text/plain", MessageBody="Not found"))
    resource = elb.Listener(logical, LoadBalancerArn=Ref(load_balancer_id(comp.name)), Port=listener.port,
                            Protocol=listener.protocol, DefaultActions=[action])
    if is_secure(listener):
        resource.SslPolicy = comp.ssl_policy
        first, *others = listener.all_certificates
        resource.Certificates = [elb.Certificate(CertificateArn=_certificate(ctx, comp, listener, first, True))]
        if others:
            ctx.add(elb.ListenerCertificate(
                logical_id(comp.name, "Listener", str(listener.port), "Certificates"), ListenerArn=Ref(logical),
                Certificates=[elb.Certificate(CertificateArn=_certificate(ctx, comp, listener, c, False))
                              for c in others]), comp)
    elif comp.kind == "application":
        for check in ("CKV_AWS_2", "CKV_AWS_103"):
            ctx.suppress(resource, check, guard.http_reason(comp, ctx.arch))
    ctx.add(resource, comp)
    if verified:
        guard.add_default_rule(ctx, comp, listener, logical)
    for priority, route in rule_routes(listener):
        conditions = [guard.header_condition(listener, comp.name)] if verified else []
        if route.paths:
            conditions.append(elb.Condition(Field="path-pattern",
                                            PathPatternConfig=elb.PathPatternConfig(Values=list(route.paths))))
        if route.hosts:
            conditions.append(elb.Condition(Field="host-header",
                                            HostHeaderConfig=elb.HostHeaderConfig(Values=list(route.hosts))))
        ctx.add(elb.ListenerRule(rule_id(comp.name, listener, route),
                                 ListenerArn=Ref(logical), Priority=priority, Conditions=conditions,
                                 Actions=[elb.ListenerRuleAction(
                                     Type="forward", TargetGroupArn=Ref(target_group_id(comp.name, route.target, route.port)))]),
                comp)


def _certificate(ctx: Context, comp: LoadBalancer, listener: Listener, certificate, default: bool):
    """The ARN of one of the listener's certificates (created and DNS-validated for a {domain})."""
    if isinstance(certificate, str):
        return certificate
    domain = certificate.domain
    dns = ctx.arch.dns
    if dns is not None and getattr(dns, "zone_id", None):
        zone_id = dns.zone_id
    elif dns is not None and dns.create_zone and not dns.private:
        zone_id = Ref(HOSTED_ZONE)  # the public zone the templates create
    else:
        ctx.add_parameter(Parameter(
            HOSTED_ZONE_PARAMETER, Type="AWS::Route53::HostedZone::Id",
            Description=f"ID of the existing Route 53 public hosted zone "
                        f"{dns.zone.rstrip('.') if dns else ''} (validates the certificates and holds the records)"))
        zone_id = Ref(HOSTED_ZONE_PARAMETER)
    logical = logical_id(comp.name, "Listener", str(listener.port),
                         *(() if default else (domain.replace("*", "wildcard"),)), "Certificate")
    names = (domain,) + getattr(certificate, "names", ())
    resource = acm.Certificate(logical, DomainName=domain, ValidationMethod="DNS", DomainValidationOptions=[
        acm.DomainValidationOption(DomainName=name, HostedZoneId=zone_id) for name in names])
    if len(names) > 1:
        resource.SubjectAlternativeNames = list(names[1:])
    ctx.add(resource, comp)
    return Ref(logical)


def add_ingress_rules(ctx: Context, comp: LoadBalancer) -> None:
    """Who may reach the listeners: the internet, CloudFront only, or exactly the users."""
    ports = sorted({l.port for l in comp.listeners} | ({80} if comp.redirect_http else set()))
    group = ctx.security_group(comp.name)
    if comp.scheme == "internal":
        granted = comp.listeners[0].port  # the uses grant already opened the first listener's port
        for user, _mode in ctx.arch.users_of(comp.name):
            for port in (p for p in ports if p != granted):
                connections.add_ingress(ctx, comp.name, user.name, port, f"{user.name} connect {comp.name}")
        return
    if cloudfront_routes_to(ctx.arch, comp.name):
        domain, policy, port = origin_of(comp, ctx.arch)
        if policy == "https-only" and not isinstance(domain, str):
            ctx.note(f"components.{comp.name}: CloudFront reaches it over HTTPS at its AWS DNS name, which its "
                     "certificate cannot cover; add a dns record naming the certificate's host and pointing at it")
        ctx.add_parameter(Parameter(
            PREFIX_LIST_PARAMETER, Type="String", AllowedPattern="^pl-[0-9a-f]{8,17}$",
            Description="ID of the AWS-managed prefix list com.amazonaws.global.cloudfront.origin-facing in this "
                        "Region (it differs per Region: aws ec2 describe-managed-prefix-lists --filters "
                        "Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing)"))
        ctx.add(ec2.SecurityGroupIngress(
            logical_id(comp.name, "Listener", str(port), "Ingress"), GroupId=group, IpProtocol="tcp",
            FromPort=port, ToPort=port, SourcePrefixListId=Ref(PREFIX_LIST_PARAMETER),
            Description=f"CloudFront origin-facing servers to listener {port}"), comp, layer="security")
        return
    if comp.ingress:  # only the sources its ingress: rules name, not the whole internet
        ctx.note(f"components.{comp.name}: its listeners admit only the sources of its ingress rules")
        return
    for port in ports:
        rule = ec2.SecurityGroupIngress(
            logical_id(comp.name, "Listener", str(port), "Ingress"), GroupId=group, IpProtocol="tcp",
            FromPort=port, ToPort=port, CidrIp="0.0.0.0/0", Description=f"Internet to listener {port}")
        if port == 80:
            ctx.suppress(rule, "CKV_AWS_260", "port 80 only redirects to HTTPS (redirect_http)"
                         if comp.redirect_http else guard.http_reason(comp, ctx.arch))
        ctx.add(rule, comp, layer="security")


def add_suppressions(ctx: Context, comp: LoadBalancer, lb) -> None:
    logs.suppress(ctx, comp, lb)
    if comp.kind == "application" and comp.scheme == "internet-facing" and waf_of(comp.waf) is None:
        ctx.suppress(lb, "CKV2_AWS_28", "default: no AWS WAF web ACL (waf: true adds one)")
    if comp.kind == "application" and not any(l.protocol == "HTTPS" for l in comp.listeners):
        ctx.suppress(lb, "CKV2_AWS_20", guard.http_reason(comp, ctx.arch))


def _attr(value):
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if isinstance(value, int) else value


def generate(comp: LoadBalancer, ctx: Context) -> None:
    logical = load_balancer_id(comp.name)
    application = comp.kind == "application"
    attributes = {"deletion_protection.enabled": bool(comp.deletion_protection)}
    if application:
        attributes.update({"idle_timeout.timeout_seconds": comp.idle_timeout,
                           "routing.http.drop_invalid_header_fields.enabled": True,
                           "access_logs.s3.enabled": logs.writes_access_logs(comp)})
    else:
        attributes["load_balancing.cross_zone.enabled"] = True
    lb = elb.LoadBalancer(logical, Type=comp.kind, Scheme=comp.scheme, SecurityGroups=[ctx.security_group(comp.name)])
    if comp.elastic_ips:
        lb.SubnetMappings = addresses.subnet_mappings(ctx, comp)
    else:
        lb.Subnets = ctx.subnet_refs(ctx.tier_of(comp))
    if logs.writes_access_logs(comp):
        bucket = logs.add_bucket(ctx, comp)
        attributes["access_logs.s3.bucket"] = Ref(bucket)
        lb.DependsOn = [bucket + "Policy"]
    lb.LoadBalancerAttributes = [elb.LoadBalancerAttributes(Key=k, Value=_attr(v)) for k, v in attributes.items()]
    ctx.add(lb, comp)
    add_suppressions(ctx, comp, lb)
    for target, port in target_groups_of(comp):
        add_target_group(ctx, comp, target, port)
    for listener in comp.listeners:
        add_listener(ctx, comp, listener)
    if comp.redirect_http:
        ctx.add(elb.Listener(
            listener_id(comp.name, 80), LoadBalancerArn=Ref(logical), Port=80, Protocol="HTTP",
            DefaultActions=[elb.Action(Type="redirect", RedirectConfig=elb.RedirectConfig(
                Protocol="HTTPS", Port="443", Host="#{host}", Path="/#{path}", Query="#{query}",
                StatusCode="HTTP_301"))]), comp)
    add_ingress_rules(ctx, comp)
    settings = waf_of(comp.waf)
    if settings is not None:
        acl = waf.web_acl(ctx, comp, settings, "REGIONAL", f"load balancer {comp.name}")
        waf.associate(ctx, comp, acl, Ref(logical))
    if guard.origin_headers(comp):
        guard.add_secret(ctx, comp)
    guard.notes(ctx, comp)
