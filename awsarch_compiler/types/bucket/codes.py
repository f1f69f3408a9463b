"""The diagnostic codes of the ``bucket`` type: block 10, E1001 to E1099."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 10
CODES = {
    "E1001": Code("a lifecycle rule sets storage_class without transition_after_days",
                  "add transition_after_days: N to the rule"),
    "E1002": Code("a lifecycle rule expires noncurrent versions of a bucket that keeps no versions",
                  "remove expire_noncurrent_after_days, or set versioned: true"),
    "E1070": Code("object_lock is set on a bucket that keeps no versions", "remove versioned: false"),
    "E1071": Code("a bucket that keeps no versions replicates", "remove versioned: false (replication copies versions)"),
    "E1072": Code("a replication destination keeps no versions", "remove versioned: false from the destination"),
    "E1073": Code("a bucket replicates or writes its inventory to itself", "name another bucket component"),
    "E1074": Code("a replication rule names neither or both of destination and destination_bucket",
                  "give exactly one of them"),
    "E1075": Code("intelligent_tiering's deep_archive_after_days is not more than archive_after_days",
                  "raise deep_archive_after_days above archive_after_days"),
    "E1076": Code("a bucket under a customer key replicates to an existing bucket whose key is unknown",
                  "replicate to a bucket component, or use encryption: s3"),
    "E1077": Code("intelligent_tiering is a mapping that names no archive tier",
                  "add archive_after_days and/or deep_archive_after_days, or write intelligent_tiering: true"),
}
