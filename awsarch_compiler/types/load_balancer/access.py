"""What ``uses: {lb: connect}`` grants: its URL, host and port; on an internal one, the listener rule."""
from __future__ import annotations

from troposphere import GetAtt, Sub

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import LoadBalancer, is_secure, load_balancer_id, public_host

MODES = {
    "connect": AccessMode("internal: an ingress rule on every listener port from the user's security group; "
                          "both schemes: the URL, host name and port", ("URL", "HOST", "PORT")),
}


def grant_for(mode, source, target: LoadBalancer, ctx) -> Grant:
    listener = target.listeners[0]
    host = public_host(target, ctx.arch) if is_secure(listener) else None
    host = host or GetAtt(load_balancer_id(target.name), "DNSName")
    scheme = "https" if listener.protocol == "HTTPS" else ("http" if listener.protocol == "HTTP" else "tcp")
    if isinstance(host, str):
        url = f"{scheme}://{host}:{listener.port}"
    else:
        url = Sub(f"{scheme}://${{{load_balancer_id(target.name)}.DNSName}}:{listener.port}")
    prefix = env_prefix(target.name)
    env = ((f"{prefix}_URL", url), (f"{prefix}_HOST", host), (f"{prefix}_PORT", str(listener.port)))
    port = listener.port if target.scheme == "internal" else None
    return Grant(source.name, target.name, mode, port=port, env=env)
