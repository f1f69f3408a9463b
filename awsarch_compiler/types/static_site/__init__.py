"""``static-site``: a private S3 bucket behind CloudFront with Origin Access Control.

The bucket is never public: CloudFront signs every origin request (OAC,
SigV4, always) and the bucket policy admits ``cloudfront.amazonaws.com`` only
for this distribution's ARN. Viewers are redirected to HTTPS, responses are
compressed and carry the managed security headers. ``routes`` add an origin
per target (a load balancer or an API, through its type's
``cloudfront_origin``) with caching disabled. ``waf`` attaches a WAFv2 web ACL
(``platform/waf.py``).
"""
from __future__ import annotations

from troposphere import GetAtt

from ...core.model import Edge
from ...core.naming import logical_id
from ...core.waf import waf_of
from ..base import ComponentType
from . import checks, deploy, recovery, resources
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import CLOUDFRONT_ZONE_ID, TYPE_NAME, StaticSite, distribution_id


class StaticSiteType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = StaticSite
    summary = "private S3 + CloudFront with Origin Access Control, SPA fallback, extra origins, WAF"
    layer = "edge"
    metrics = METRICS
    dns_target = True
    deploy_strategies = deploy.STRATEGIES

    def edges(self, comp: StaticSite):
        for pattern, target in comp.routes.items():
            yield Edge("origin", comp.name, target, ("components", comp.name, "routes", pattern), pattern)

    def web_acl_settings(self, comp: StaticSite):
        return waf_of(comp.waf, comp.waf_rate_limit)

    def check(self, comp: StaticSite, arch):
        return checks.check_site(comp, arch)

    def alias_target(self, comp: StaticSite, ctx):
        return GetAtt(distribution_id(comp.name), "DomainName"), CLOUDFRONT_ZONE_ID, True

    def health_endpoint(self, comp: StaticSite, ctx):
        return GetAtt(distribution_id(comp.name), "DomainName"), "HTTPS", 443

    def deploy_actions(self, comp: StaticSite, entry, ctx, pipeline, artifact):
        return deploy.actions(comp, entry, ctx, pipeline, artifact)

    def data_recovery(self, comp: StaticSite, arch, strategy: str):
        return recovery.data_recovery(comp, arch.disaster_recovery.replication_time_control)

    def recover(self, comp: StaticSite, ctx, plan) -> None:
        recovery.recover(comp, ctx, plan, resources.BUCKET_ORIGIN, logical_id(comp.name, "OriginAccessControl"))

    def secondary_settings(self, name: str, settings: dict, plan):
        return None  # the distribution is global: it lives in the primary's stacks and serves both regions

    def generate(self, comp: StaticSite, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = StaticSiteType()
