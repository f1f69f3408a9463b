"""The diagnostic codes of the ``api`` type: block 24, E2401 to E2499."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 24
CODES = {
    "E2401": Code("a route key is not 'METHOD /path' with a valid method and path",
                  "write a route key such as GET /items/{id}"),
    "E2403": Code("a static site routes to the API with a pattern that is not /PREFIX/*",
                  "use a pattern such as /api/*"),
    "E2404": Code("static sites route to the API from two different prefixes", "route the API from one path prefix"),
    "E2405": Code("two route keys are the same route", "keep one of them"),
    "E2406": Code("two routes name the path parameter at one position differently",
                  "use one parameter name per position"),
    "E2407": Code("a route targets a network load balancer; API routes need an application one",
                  "route to an application load balancer or a function"),
    "E2408": Code("a route's internet-facing load balancer has no listener the API can forward to",
                  "add an HTTPS listener with a dns.records name, or an HTTP listener"),
    "E2409": Code("a REST API routes to an internal load balancer", "use protocol: http, or route to a function"),
    "E2410": Code("a route's internal load balancer has no listener the VPC link can forward to",
                  "add an HTTP listener, or an HTTPS one with certificate: {domain: NAME}"),
    "E2411": Code("CORS credentials: true is combined with origins: [\"*\"]", "list the exact origins"),
    "E2412": Code("a REST API lists more than one CORS origin", "keep one origin, or use protocol: http"),
    "E2413": Code("a custom domain is set without a certificate",
                  "add certificate: an ACM certificate ARN in the API's region"),
    "E2414": Code("a certificate is set without a domain", "add domain:, or remove certificate"),
    "E2415": Code("the API's certificate is in another region than the API",
                  "use a certificate from the API's own region"),
    "E2416": Code("a dns record points at an API that has no domain", "set domain: (and certificate:) on the API"),
    "E2417": Code("a dns record points at an API whose domain is another name",
                  "set the API's domain to the record's name, or rename the record"),
    "E2440": Code("waf is set on an HTTP API, which AWS WAF cannot protect",
                  "use protocol: rest, or route to it from a static-site with waf: true"),
    "E2441": Code("an API served through CloudFront has routes that default to IAM auth, which CloudFront cannot sign",
                  "add auth: {user_pool: NAME} to the API, or auth: none on the public routes"),
}
