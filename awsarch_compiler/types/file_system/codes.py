"""The diagnostic codes of the ``file-system`` type: block 17, E1701 to E1799."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 17
CODES = {
    "E1701": Code("throughput_mode: provisioned is set without provisioned_mibps",
                  "add provisioned_mibps: 64, or use throughput_mode: elastic"),
    "E1702": Code("provisioned_mibps is set without throughput_mode: provisioned",
                  "remove it, or set throughput_mode: provisioned"),
    "E1703": Code("performance_mode: max-io is combined with elastic throughput",
                  "use general-purpose performance, or bursting or provisioned throughput"),
    "E1704": Code("transition_to_primary_on_access is set without transition_to_ia_days",
                  "add transition_to_ia_days: 30"),
}
