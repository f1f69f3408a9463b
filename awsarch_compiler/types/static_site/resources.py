"""The private bucket, Origin Access Control and CloudFront distribution of a ``static-site``."""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Allow, Condition, Principal, Statement, StringEquals
from troposphere import GetAtt, Join, Output, Ref, Select, Split, Sub, cloudfront, s3

from ...core.context import Context
from ...core.diagnostics import error
from ...core.naming import logical_id
from ...core.waf import waf_of
from ...platform import waf
from ...platform.buckets import private_bucket
from . import caching
from .model import StaticSite, bucket_id, distribution_id, host_names

# AWS managed CloudFront policies (fixed IDs, the same in every account).
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
BUCKET_ORIGIN = "site-bucket"

# With routes, a distribution-wide 403/404 -> index.html rewrite would also hide the
# APIs' own errors, so the SPA fallback becomes a viewer-request function on the
# bucket's behaviour only: paths without a file extension are served index.html.
SPA_FUNCTION_CODE = """\
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/%s';
  }
  return request;
}
"""


def unique_name(prefix: str):
    """``prefix-<stack UUID>``: unique per account (CloudFront names are), at most 64 characters."""
    return Join("-", [prefix[:27], Select(2, Split("/", Ref("AWS::StackId")))])


def _content_bucket(comp: StaticSite, ctx: Context) -> str:
    """The private bucket CloudFront reads through Origin Access Control; returns the OAC's logical ID."""
    bucket, dist = bucket_id(comp.name), distribution_id(comp.name)
    oac = logical_id(comp.name, "OriginAccessControl")
    read_by_cloudfront = Statement(
        Sid="AllowCloudFrontServiceRead", Effect=Allow, Principal=Principal("Service", "cloudfront.amazonaws.com"),
        Action=[awacs_s3.GetObject], Resource=[Sub(f"${{{bucket}.Arn}}/*")],
        Condition=Condition(StringEquals("AWS:SourceArn", Sub(
            f"arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{dist}}}"))))
    # Each deployment replaces files: old versions are kept 30 days for a rollback, then expire.
    rules = [s3.LifecycleRule(
        Id="expire-replaced-files", Status="Enabled",
        NoncurrentVersionExpiration=s3.NoncurrentVersionExpiration(NoncurrentDays=30),
        AbortIncompleteMultipartUpload=s3.AbortIncompleteMultipartUpload(DaysAfterInitiation=7))]
    private_bucket(ctx, comp, bucket, rules=rules, extra_statements=[read_by_cloudfront])
    ctx.add(cloudfront.OriginAccessControl(oac, OriginAccessControlConfig=cloudfront.OriginAccessControlConfig(
        Name=unique_name(comp.name), Description=f"{ctx.arch.name} {comp.name}: CloudFront signs every request to the bucket",
        OriginAccessControlOriginType="s3", SigningBehavior="always", SigningProtocol="sigv4")), comp, tags=False)
    return oac


def _origins(comp: StaticSite, ctx: Context, oac: str) -> tuple[list, list]:
    """The bucket origin plus one origin per route target, and the cache behaviour of each route."""
    origins = [cloudfront.Origin(
        Id=BUCKET_ORIGIN, DomainName=GetAtt(bucket_id(comp.name), "RegionalDomainName"),
        OriginAccessControlId=GetAtt(oac, "Id"), S3OriginConfig=cloudfront.S3OriginConfig(OriginAccessIdentity=""))]
    behaviors = []
    for pattern, target in comp.routes.items():
        origin_id = f"route-{target}"
        if all(o.Id != origin_id for o in origins):
            origin = _route_origin(comp, target, origin_id, pattern, ctx)
            if origin is None:
                continue
            origins.append(origin)
        behavior = cloudfront.CacheBehavior(
            PathPattern=pattern, TargetOriginId=origin_id, ViewerProtocolPolicy="redirect-to-https",
            AllowedMethods=ALL_METHODS, CachedMethods=["GET", "HEAD"], Compress=True,
            CachePolicyId=CACHING_DISABLED, OriginRequestPolicyId=ALL_VIEWER_EXCEPT_HOST_HEADER,
            ResponseHeadersPolicyId=SECURITY_HEADERS)
        caching.apply(ctx, comp, pattern, behavior, unique_name)
        behaviors.append(behavior)
    return origins, behaviors


def _single_page_app(comp: StaticSite, ctx: Context, config, default) -> None:
    if comp.spa and comp.routes:
        default.FunctionAssociations = [cloudfront.FunctionAssociation(
            EventType="viewer-request", FunctionARN=GetAtt(_spa_function(comp, ctx), "FunctionARN"))]
        ctx.note(f"components.{comp.name}: single-page-app paths are rewritten to /{comp.default_root_object} "
                 "by a CloudFront Function, so the routed origins keep their own error responses")
    elif comp.spa:
        config.CustomErrorResponses = [cloudfront.CustomErrorResponse(
            ErrorCode=code, ResponseCode=200, ResponsePagePath=f"/{comp.default_root_object}", ErrorCachingMinTTL=10)
            for code in (403, 404)]


def _viewers(comp: StaticSite, ctx: Context, config) -> None:
    """Host names, certificate, web ACL and access logs of the distribution."""
    hosts = host_names(comp)
    if hosts:
        config.Aliases = hosts
    if comp.certificate:
        config.ViewerCertificate = cloudfront.ViewerCertificate(
            AcmCertificateArn=comp.certificate, MinimumProtocolVersion="TLSv1.2_2021", SslSupportMethod="sni-only")
    else:
        config.ViewerCertificate = cloudfront.ViewerCertificate(CloudFrontDefaultCertificate=True)
    if comp.waf:
        settings = waf_of(comp.waf, comp.waf_rate_limit)
        config.WebACLId = GetAtt(waf.web_acl(ctx, comp, settings, "CLOUDFRONT", f"distribution {comp.name}"), "Arn")
        if not ctx.arch.region:
            ctx.note(f"components.{comp.name}.waf: deploy in us-east-1 — CloudFront web ACLs are created only there")
    if comp.access_logs:
        config.Logging = cloudfront.Logging(Bucket=GetAtt(_log_bucket(comp, ctx), "DomainName"),
                                            Prefix=f"{comp.name}/", IncludeCookies=False)


def generate(comp: StaticSite, ctx: Context) -> None:
    oac = _content_bucket(comp, ctx)
    origins, behaviors = _origins(comp, ctx, oac)
    default = cloudfront.DefaultCacheBehavior(
        TargetOriginId=BUCKET_ORIGIN, ViewerProtocolPolicy="redirect-to-https", Compress=True,
        AllowedMethods=["GET", "HEAD", "OPTIONS"], CachedMethods=["GET", "HEAD"],
        CachePolicyId=CACHING_OPTIMIZED, ResponseHeadersPolicyId=SECURITY_HEADERS)
    caching.apply(ctx, comp, caching.DEFAULT, default, unique_name)
    config = cloudfront.DistributionConfig(
        Comment=f"{ctx.arch.name} {comp.name}"[:128], Enabled=True, HttpVersion="http2and3", IPV6Enabled=True,
        PriceClass=comp.price_class, DefaultRootObject=comp.default_root_object,
        Origins=origins, DefaultCacheBehavior=default)
    if behaviors:
        config.CacheBehaviors = behaviors
    _single_page_app(comp, ctx, config, default)
    _viewers(comp, ctx, config)
    distribution = ctx.add(cloudfront.Distribution(distribution_id(comp.name), DistributionConfig=config), comp)
    _suppressions(comp, distribution, ctx)
    _outputs(comp, ctx)


def _route_origin(comp: StaticSite, target: str, origin_id: str, pattern: str, ctx: Context):
    try:
        domain, origin_path, protocol = ctx.kind(target).cloudfront_origin(ctx.component(target), ctx)
    except NotImplementedError as exc:
        ctx.diagnostics.append(error("E2507", f"'{target}' cannot serve a static-site route: {exc}",
                                     ("components", comp.name, "routes", pattern),
                                     "route to a load-balancer or an api component"))
        return None
    origin = cloudfront.Origin(Id=origin_id, DomainName=domain, CustomOriginConfig=cloudfront.CustomOriginConfig(
        OriginProtocolPolicy=protocol, HTTPPort=80, HTTPSPort=443, OriginSSLProtocols=["TLSv1.2"]))
    if origin_path:
        origin.OriginPath = origin_path
    headers = ctx.kind(target).origin_headers(ctx.component(target), ctx)
    if headers:
        origin.OriginCustomHeaders = [cloudfront.OriginCustomHeader(HeaderName=n, HeaderValue=v) for n, v in headers]
    return origin


def _spa_function(comp: StaticSite, ctx: Context) -> str:
    function = ctx.add(cloudfront.Function(
        logical_id(comp.name, "SpaFunction"), Name=unique_name(f"{comp.name}-spa"), AutoPublish=True,
        FunctionCode=SPA_FUNCTION_CODE % comp.default_root_object,
        FunctionConfig=cloudfront.FunctionConfig(
            Comment=f"{comp.name}: serve /{comp.default_root_object} for app paths", Runtime="cloudfront-js-2.0"),
    ), comp, tags=False)
    return function.title


def _log_bucket(comp: StaticSite, ctx: Context) -> str:
    """CloudFront standard logs need a bucket with ACLs enabled (the log delivery account writes by ACL)."""
    logical = logical_id(comp.name, "LogBucket")
    rules = [s3.LifecycleRule(Id="expire-access-logs", Status="Enabled", ExpirationInDays=365,
                              NoncurrentVersionExpiration=s3.NoncurrentVersionExpiration(NoncurrentDays=30))]
    bucket = private_bucket(ctx, comp, logical, rules=rules)
    bucket.OwnershipControls = s3.OwnershipControls(
        Rules=[s3.OwnershipControlsRule(ObjectOwnership="BucketOwnerPreferred")])
    return logical


def _suppressions(comp: StaticSite, distribution, ctx: Context) -> None:
    if not comp.certificate:
        ctx.suppress(distribution, "CKV_AWS_174", "no custom domain: the default *.cloudfront.net certificate "
                     "is used, whose TLS policy CloudFront fixes; set domain and certificate for TLSv1.2_2021")
        ctx.note(f"components.{comp.name}: no custom domain — served on the default *.cloudfront.net certificate")
    if not comp.waf:
        ctx.suppress(distribution, "CKV_AWS_68", "default: no AWS WAF web ACL (waf: true adds one)")
        ctx.note(f"components.{comp.name}: no waf — no web application firewall in front of the site")
    if not comp.access_logs:
        ctx.suppress(distribution, "CKV_AWS_86", "access logs turned off in the architecture (access_logs: false)")
        ctx.note(f"components.{comp.name}.access_logs: false — viewer requests are not logged")


def _outputs(comp: StaticSite, ctx: Context) -> None:
    dist = distribution_id(comp.name)
    hosts = host_names(comp)
    url = f"https://{hosts[0]}" if hosts and not hosts[0].startswith("*") else Sub(f"https://${{{dist}.DomainName}}")
    ctx.add_output(Output(logical_id(comp.name, "Url"), Description=f"{comp.name}: the site's URL", Value=url))
    ctx.add_output(Output(logical_id(comp.name, "DistributionId"), Value=Ref(dist),
                          Description=f"{comp.name}: CloudFront distribution ID (for cache invalidations)"))
    ctx.add_output(Output(logical_id(comp.name, "BucketName"), Value=Ref(bucket_id(comp.name)),
                          Description=f"{comp.name}: the bucket to upload the site's files to"))
