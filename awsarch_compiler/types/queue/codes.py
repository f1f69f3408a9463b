"""The diagnostic codes of the ``queue`` type: block 11, E1101 to E1199."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 11
CODES = {
    "E1101": Code("an alarm on dlq_depth names a queue without a dead-letter queue",
                  "add dead_letter: {max_receive: 3} to the queue, or alarm on depth"),
    "E1102": Code("content_based_deduplication is set on a standard queue", "add fifo: true, or remove it"),
    "E1103": Code("the same queue triggers a function twice", "keep one queue trigger per queue"),
    "E1104": Code("visibility_timeout is shorter than the timeout of the function the queue triggers",
                  "raise visibility_timeout to 6 x the function's timeout, or lower the function's timeout"),
    "E1105": Code("a FIFO queue trigger asks for a batch_size above 10", "set batch_size: 10 or less"),
    "E1106": Code("a FIFO queue trigger sets max_batching_window, which Lambda does not support there",
                  "remove max_batching_window"),
    "E1107": Code("a standard queue trigger's batch_size above 10 has no batching window",
                  "add max_batching_window: 1 (seconds) or more, or use batch_size: 10 or less"),
    "E1108": Code("EventBridge delivers bucket events to a FIFO queue without content-based deduplication",
                  "set content_based_deduplication: true on the queue"),
}
