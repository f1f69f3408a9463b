"""The diagnostic codes of the ``topic`` type: block 12, E1201 to E1299."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 12
CODES = {
    "E1201": Code("content_based_deduplication is set on a standard topic", "add fifo: true, or remove it"),
    "E1202": Code("a standard topic subscribes a FIFO queue",
                  "make the topic FIFO (fifo: true), or subscribe a standard queue"),
    "E1203": Code("a FIFO topic would deliver to something other than a queue (e-mail, HTTPS, a function)",
                  "subscribe a FIFO queue (and trigger functions from it), or make the topic standard"),
    "E1204": Code("bucket events go to a topic under the AWS-managed key, which EventBridge cannot use",
                  "set encryption: kms on the topic"),
}
