"""The diagnostic codes of the ``bucket`` type: block 10, E1001 to E1099."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 10
CODES = {
    "E1001": Code("a lifecycle rule sets storage_class without transition_after_days",
                  "add transition_after_days: N to the rule"),
    "E1002": Code("a lifecycle rule expires noncurrent versions of a bucket that keeps no versions",
                  "remove expire_noncurrent_after_days, or set versioned: true"),
}
