"""The diagnostic codes of the ``repository`` type: block 19, E1901 to E1999."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 19
CODES: dict[str, Code] = {}  # its mistakes are the schema's and the shared checks' to find
