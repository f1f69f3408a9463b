"""The diagnostic codes of the ``table`` type: block 14, E1401 to E1499."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 14
CODES = {
    "E1401": Code("billing: provisioned is set without capacity",
                  "add capacity: {read: 5, write: 5}, or use billing: on-demand"),
    "E1402": Code("capacity is set on a table (or index) that is not billed as provisioned",
                  "remove it, or set billing: provisioned"),
    "E1403": Code("one key attribute has two different types in the table's keys",
                  "give the attribute one type in every key that uses it"),
    "E1404": Code("an index with projection: include lists no attributes", "list the non-key attributes to copy"),
    "E1405": Code("an index lists attributes without projection: include",
                  "set projection: include, or remove attributes"),
    "E1470": Code("a table without a stream triggers a function", "add stream: new-and-old-images to the table"),
    "E1471": Code("a table trigger's failure_destination is a FIFO queue or topic, which Lambda cannot send to",
                  "name a standard queue or topic"),
}
