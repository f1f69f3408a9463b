"""HTTPS by default for internet-facing application load balancers, and the origin-verify guard.

Once the whole file is known (``finish``): a plain HTTP listener on port 80 that serves routes
is served as HTTPS on 443 instead, with an ACM certificate for the host names that the dns
records point at the load balancer (validated in ``dns.zone``), and port 80 redirects to it
(``redirect_http`` defaults to on wherever there is an HTTPS listener on 443 and port 80 is
free). ``plain_http: true`` keeps the listeners as declared. The listener CloudFront reaches
becomes an :class:`OriginListener`: it serves only requests that carry the distribution's
secret origin-verify header.
"""
from __future__ import annotations

from dataclasses import fields, replace

from ...core.model import Architecture
from .model import Listener, LoadBalancer, OriginListener, RecordCertificate, origin_of


def record_hosts(lb: LoadBalancer, arch: Architecture) -> tuple[str, ...]:
    """The public dns record host names that point at the load balancer, in file order, once each
    (a private zone cannot validate a public certificate)."""
    if arch.dns is None or arch.dns.private:
        return ()
    return tuple(dict.fromkeys(host for host, target in arch.dns.aliases() if target == lb.name))


def wants_https(lb: LoadBalancer) -> bool:
    """An internet-facing application load balancer that did not opt out with ``plain_http: true``."""
    return lb.kind == "application" and lb.scheme == "internet-facing" and not lb.plain_http


def cloudfront_only(lb: LoadBalancer, arch: Architecture) -> bool:
    """CloudFront routes to it and no dns record names it: it is reached through the distribution only."""
    return bool(arch.edges_to(lb.name, "origin")) and not record_hosts(lb, arch)


def _upgraded(lb: LoadBalancer, arch: Architecture) -> list[Listener]:
    listeners = list(lb.listeners)
    hosts = record_hosts(lb, arch)
    if not wants_https(lb) or not hosts or any(l.port == 443 for l in listeners):
        return listeners
    for i, listener in enumerate(listeners):
        if listener.protocol == "HTTP" and listener.port == 80 and listener.routes:
            listeners[i] = replace(listener, port=443, protocol="HTTPS",
                                   certificate=RecordCertificate(domain=hosts[0], names=hosts[1:]))
    return listeners


def secure_listeners(lb: LoadBalancer, arch: Architecture) -> LoadBalancer:
    listeners = _upgraded(lb, arch)
    redirect = lb.redirect_http
    if redirect is None:
        redirect = (lb.kind == "application" and lb.scheme == "internet-facing"
                    and any(l.protocol == "HTTPS" and l.port == 443 for l in listeners)
                    and not any(l.port == 80 for l in listeners))
    finished = replace(lb, listeners=tuple(listeners), redirect_http=redirect)
    if lb.kind == "application" and arch.edges_to(lb.name, "origin"):
        _, _, port = origin_of(finished, arch)
        finished = replace(finished, listeners=tuple(
            OriginListener(**{f.name: getattr(l, f.name) for f in fields(Listener)})
            if l.port == port else l for l in finished.listeners))
    return finished
