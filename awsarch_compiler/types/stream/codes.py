"""The diagnostic codes of the ``stream`` type: block 26, E2601 to E2699."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 26
CODES = {
    "E2601": Code("a provisioned stream has no shards", "add shards: 1 (or more), or use mode: on-demand"),
    "E2602": Code("shards are set on an on-demand stream", "remove shards, or set mode: provisioned"),
    "E2603": Code("the same stream triggers a function twice", "keep one stream trigger per stream and function"),
    "E2604": Code("a stream trigger's failure_destination is a FIFO queue or topic, which Lambda cannot send "
                  "failed batches to", "name a standard queue or topic"),
}
