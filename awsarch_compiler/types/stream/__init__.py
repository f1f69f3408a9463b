"""``stream``: a Kinesis data stream — KMS-encrypted, on-demand or provisioned, with a retention
period — that producers write to with ``uses: write`` and functions read through triggers (an
event source mapping with retries, batch splitting and an optional failure destination)."""
from __future__ import annotations

from ..base import ComponentType
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import TYPE_NAME, Stream, StreamTrigger


class StreamType(ComponentType):
    type_name = TYPE_NAME
    spec = Stream
    summary = "Kinesis data stream, KMS-encrypted, on-demand or provisioned shards, retention, function triggers"
    layer = "data"
    stateful = True
    access = MODES
    metrics = METRICS
    api_endpoint = "kinesis-streams"
    trigger_spec = StreamTrigger
    trigger_access = "read"
    code_block = BLOCK
    codes = CODES

    def check(self, comp: Stream, arch):
        return checks.check(comp, arch)

    def trigger_checks(self, source: Stream, function, trigger, arch, path):
        return checks.trigger_checks(source, function, trigger, arch, path)

    def trigger_resources(self, source: Stream, function, trigger, ctx, function_id, path) -> None:
        resources.trigger_resources(source, function, trigger, ctx, function_id, path)

    def trigger_statements(self, source: Stream, function, trigger, ctx) -> list:
        return super().trigger_statements(source, function, trigger, ctx) + \
            resources.trigger_statements(source, function, trigger, ctx)

    def grant(self, mode, source, target: Stream, ctx):
        return grant_for(mode, source, target)

    def generate(self, comp: Stream, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = StreamType()
