"""The diagnostic codes of the ``function`` type: block 13, E1301 to E1399."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 13
CODES = {
    "E1301": Code("a function gives both or neither of code and inline",
                  "give exactly one: code: PATH (or s3://bucket/key.zip), or inline: | source"),
    "E1302": Code("code starts with s3:// and is not an S3 object URI",
                  "write s3://BUCKET/KEY.zip, or a local path such as src/app"),
    "E1303": Code("inline code is given for a runtime that is neither Python nor Node.js",
                  "package the code in a folder and use code: instead"),
    "E1304": Code("an inline function's handler does not start with 'index.'", "name the handler index.FUNCTION"),
    "E1305": Code("dead_letter names a FIFO queue or topic, which Lambda cannot send failed events to",
                  "use a standard queue or topic"),
    "E1306": Code("environment sets a variable name Lambda reserves", "choose another name"),
    "E1307": Code("a schedule trigger's expression is not a valid rate() or cron()",
                  "write rate(5 minutes), rate(1 day) or cron(0 12 * * ? *)"),
}
