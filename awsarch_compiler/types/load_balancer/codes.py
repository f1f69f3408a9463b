"""The diagnostic codes of the ``load-balancer`` type: block 21, E2101 to E2199."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 21
CODES = {
    "E2101": Code("a listener's protocol does not fit the load balancer's kind",
                  "use HTTP/HTTPS on an application, TCP/TLS on a network load balancer"),
    "E2102": Code("an HTTPS or TLS listener has no certificate",
                  "add certificate: ARN, or certificate: {domain: NAME}"),
    "E2103": Code("an HTTP or TCP listener sets a certificate", "remove certificate, or use HTTPS / TLS"),
    "E2104": Code("two listeners use the same port", "give each listener its own port"),
    "E2105": Code("redirect_http is set without an HTTPS listener on port 443",
                  "add an HTTPS listener on 443, or remove redirect_http"),
    "E2106": Code("redirect_http is set and a listener already uses port 80",
                  "remove the port-80 listener, or remove redirect_http"),
    "E2107": Code("a certificate {domain} is set and the file has no dns zone to validate it in",
                  "add dns: {zone: ...}, or give an existing certificate's ARN"),
    "E2108": Code("a certificate's domain is not inside the dns zone",
                  "use a name in the zone, or give an existing certificate's ARN"),
    "E2109": Code("a network load balancer listener has paths, hosts or more than one route",
                  "keep one route with only a target"),
    "E2110": Code("a listener has more than one default route (without paths or hosts)",
                  "give the extra route paths: or hosts:, or remove it"),
    "E2111": Code("a route target has no port to forward to", "add port: to the target"),
    "E2112": Code("two routes of a listener match the same paths and hosts",
                  "remove or change one; the second would never be used"),
    "E2113": Code("an internet-facing load balancer is placed in a tier that is not public",
                  "place it in a public tier, or use scheme: internal"),
    "E2114": Code("a static site routes to an internal load balancer, which CloudFront cannot reach",
                  "use scheme: internet-facing"),
    "E2115": Code("access_logs is set on a network load balancer", "remove access_logs, or use kind: application"),
    "E2116": Code("an alarm names a network load balancer; its alarms use Application Load Balancer metrics",
                  "alarm on its targets instead"),
    "E2140": Code("an internet-facing application load balancer has a plain HTTP listener",
                  "name it in dns.records (port 80 is then served as HTTPS), use HTTPS with a certificate, "
                  "or opt out with plain_http: true"),
    "E2141": Code("plain_http is set on an internal or network load balancer, which it does not apply to",
                  "remove plain_http"),
    "E2142": Code("a route of the listener CloudFront reaches has more than 4 paths and hosts together",
                  "split the route in two; the origin-verify header condition takes one of a rule's 5 values"),
    "E2143": Code("CloudFront routes to a load balancer that has no HTTPS listener on 443 nor HTTP listener on 80",
                  "add an HTTPS listener on 443 with routes"),
    "E2144": Code("waf is set on a network load balancer, which AWS WAF cannot protect",
                  "remove waf, or put an application load balancer or CloudFront in front"),
    "E2155": Code("a route's port is not one its target serves on (a listener port of a load balancer, "
                  "port or ports of a fleet or service)", "use one of the ports the message lists, or add the port"),
    "E2156": Code("a route's target is a network load balancer; load balancers forward only to application "
                  "load balancers", "route to its targets instead, or make it kind: application"),
    "E2157": Code("load balancers route to each other in a loop", "end the chain at instance groups or container services"),
    "E2158": Code("a TLS listener forwards to an application load balancer, which only a TCP listener can",
                  "use protocol: TCP and terminate TLS on the inner load balancer's HTTPS listener"),
}
