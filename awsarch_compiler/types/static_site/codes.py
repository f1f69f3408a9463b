"""The diagnostic codes of the ``static-site`` type: block 25, E2501 to E2599."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 25
CODES = {
    "E2501": Code("the certificate is not in us-east-1, the only region CloudFront takes certificates from",
                  "use a certificate from us-east-1"),
    "E2502": Code("a certificate is set without a domain or aliases", "add domain:, or remove certificate"),
    "E2503": Code("a domain or aliases are set without a certificate",
                  "add certificate: an ACM certificate ARN in us-east-1"),
    "E2504": Code("waf is set and the architecture's region is not us-east-1, where CloudFront web ACLs live",
                  "deploy with region: us-east-1, or set waf: false"),
    "E2505": Code("a dns record points at a site that does not answer for that host name",
                  "add the name to the site's domain or aliases"),
    "E2506": Code("an alarm names a site and the region is not us-east-1, where CloudFront publishes metrics",
                  "remove the alarm, or deploy with region: us-east-1"),
    "E2507": Code("a route target cannot serve as a CloudFront origin (a compiler defect: its type claims it can)",
                  "route to a load-balancer or an api component"),
    "E2555": Code("a cache entry names neither default nor one of the site's routes", "use default or a routes path pattern"),
    "E2556": Code("a cache entry's lifetimes do not rise from min_ttl to default_ttl to max_ttl", "order them"),
    "E2557": Code("a cache entry turns caching off (max_ttl: 0) and keys on query strings, headers or cookies",
                  "move them to forward:, or raise max_ttl"),
    "E2558": Code("a cache entry forwards the Authorization header outside the cache key, which CloudFront refuses",
                  "list Authorization under headers:"),
}
