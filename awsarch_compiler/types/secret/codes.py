"""The diagnostic codes of the ``secret`` type: block 18, E1801 to E1899."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 18
CODES = {
    "E1801": Code("generate.template is set without generate.key", "add key: the field the generated value goes in"),
    "E1802": Code("the rotation function does not use the secret with read-write",
                  "add uses: {SECRET: read-write} to the rotation function"),
}
