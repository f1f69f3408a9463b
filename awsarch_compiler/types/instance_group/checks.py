"""Semantic checks of ``instance-group`` components."""
from __future__ import annotations

import re

from ...core.diagnostics import error
from ...core.model import Architecture
from ...core.semantics import capacity_errors
from . import scaling_checks
from .boot import ENV_END, SCRIPT_END

GRAVITON = re.compile(r"^[a-z]+[0-9]+[a-z]*g[a-z]*\.")  # t4g.small, m7g.large, c6gn.xlarge


def check_instance_group(comp, arch: Architecture):
    path = ("components", comp.name)
    yield from capacity_errors(comp.capacity, path)
    forwards = [e.detail for e in arch.edges_to(comp.name, "forward")]
    scaling = comp.scaling
    if scaling is not None:
        if not (scaling.targets or scaling.policies or scaling.schedule):
            yield error("E2201", "scaling names no target, policy or schedule", path + ("scaling",),
                        "add cpu_target: 60, or remove scaling")
        yield from scaling_checks.check(comp, path + ("scaling",))
        if scaling.request_count_target is not None and not any(f.application for f in forwards):
            yield error("E2202", "request_count_target scales on an application load balancer's requests, "
                                 f"and none routes to '{comp.name}'", path + ("scaling", "request_count_target"),
                        "add a load-balancer route with target: " + comp.name + ", or scale on cpu_target")
    arm_image = comp.image.endswith("arm64")
    graviton = bool(GRAVITON.match(comp.instance_type))
    if comp.image in ("al2023", "al2", "ubuntu-22.04", "ubuntu-24.04") and graviton:
        yield error("E2203", f"{comp.instance_type} is an Arm (Graviton) type and image {comp.image} is x86_64",
                    path + ("image",), "use image: al2023-arm64, or an x86_64 instance type such as t3.small")
    if arm_image and not graviton:
        yield error("E2204", f"image {comp.image} needs an Arm (Graviton) instance type, not {comp.instance_type}",
                    path + ("instance_type",), "use a Graviton type such as t4g.small")
    if comp.user_data and (SCRIPT_END in comp.user_data or ENV_END in comp.user_data):
        yield error("E2205", f"user_data must not contain the line marker {SCRIPT_END} or {ENV_END}",
                    path + ("user_data",), "rename that word in the script")
    if comp.image.startswith("ubuntu") and any(m == "mount" for m in comp.uses.values()):
        yield error("E2206", "mounting file systems (uses: mount) needs an Amazon Linux image", path + ("image",),
                    "use image: al2023")
