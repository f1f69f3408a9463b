"""What ``uses: {group: connect}`` grants: its port and the Auto Scaling group's name."""
from __future__ import annotations

from troposphere import Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ..base import AccessMode
from .model import InstanceGroup, group_id

MODES = {
    "connect": AccessMode("an ingress rule on its port from the user's security group; the port and the "
                          "Auto Scaling group's name (instances have no single host name)", ("PORT", "GROUP")),
}


def grant_for(mode, source, target: InstanceGroup) -> Grant:
    prefix = env_prefix(target.name)
    return Grant(source.name, target.name, mode, port=target.port,
                 env=((f"{prefix}_PORT", str(target.port)), (f"{prefix}_GROUP", Ref(group_id(target.name)))))
