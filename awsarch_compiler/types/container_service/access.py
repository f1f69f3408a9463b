"""What ``uses: {svc: connect}`` grants: its port, and its Cloud Map name as the host."""
from __future__ import annotations

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import ContainerService, service_host

MODES = {
    "connect": AccessMode("TCP on its port from the user's security group; its Cloud Map name "
                          "<name>.<architecture>.internal", ("HOST", "PORT")),
}


def grant_for(mode, source, target: ContainerService, arch) -> Grant:
    prefix = env_prefix(target.name)
    return Grant(source.name, target.name, mode, port=target.port,
                 env=((f"{prefix}_HOST", service_host(target, arch)), (f"{prefix}_PORT", str(target.port))))
