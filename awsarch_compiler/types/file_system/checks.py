"""Semantic checks of a ``file-system``: throughput and performance modes, lifecycle."""
from __future__ import annotations

from ...core.diagnostics import error
from .model import FileSystem


def check(comp: FileSystem, arch):
    path = ("components", comp.name)
    if comp.throughput_mode == "provisioned" and comp.provisioned_mibps is None:
        yield error("E1701", "throughput_mode: provisioned needs provisioned_mibps", path + ("throughput_mode",),
                    "add provisioned_mibps: 64, or use throughput_mode: elastic")
    if comp.provisioned_mibps is not None and comp.throughput_mode != "provisioned":
        yield error("E1702", "provisioned_mibps only applies to throughput_mode: provisioned",
                    path + ("provisioned_mibps",), "remove it, or set throughput_mode: provisioned")
    if comp.performance_mode == "max-io" and comp.throughput_mode == "elastic":
        yield error("E1703", "max-io performance needs bursting or provisioned throughput",
                    path + ("performance_mode",), "use performance_mode: general-purpose with elastic throughput")
    if comp.transition_to_primary_on_access and comp.transition_to_ia_days is None:
        yield error("E1704", "transition_to_primary_on_access needs transition_to_ia_days",
                    path + ("transition_to_primary_on_access",), "add transition_to_ia_days: 30")
