"""``instance-group``: EC2 instances from a launch template in an Auto Scaling group.

IMDSv2 only (hop limit 1), an encrypted root volume, detailed monitoring, an
instance role with Systems Manager access plus exactly the statements of the
group's ``uses``, user data that writes the connection values to
``/etc/awsarch/env`` before the architecture's own script runs, registration
in every target group that routes to it, and target-tracking scaling.
"""
from __future__ import annotations

import dataclasses

from ...core.backup import BackupScope
from ..base import ComponentType
from . import checks, deploy, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import TYPE_NAME, InstanceGroup
from ...core.recovery import secondary_capacity


class InstanceGroupType(ComponentType):
    type_name = TYPE_NAME
    parameter_fields = ("instance_type",)  # passed into one property as is: may be {param: NAME}
    code_block = BLOCK
    codes = CODES
    spec = InstanceGroup
    summary = ("launch template (SSM-resolved AMI alias, IMDSv2, encrypted gp3), instance role + profile, "
               "ASG over the tier, ELB health checks, target-tracking, alarm (simple/step) and scheduled scaling")
    layer = "compute"
    scales_in_secondary = True  # disaster_recovery: its capacity in the secondary region can be chosen
    in_vpc = True
    uses_others = True
    forward_target = True
    access = MODES
    metrics = METRICS
    backup_service = "EBS"
    VOLUMES = "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:volume/*"
    deploy_strategies = deploy.STRATEGIES
    deploy_pulls = True

    def build(self, data, name, kinds):
        comp = super().build(data, name, kinds)
        if comp.port is None and comp.ports:  # ports: [80, 443] alone: port is the first
            comp = dataclasses.replace(comp, port=comp.ports[0])
        return comp

    def backup_scope(self, comp: InstanceGroup) -> BackupScope:
        """Its instances' EBS volumes, which come and go with scaling: matched by the tags they carry."""
        return BackupScope("EBS", tagged=self.VOLUMES)

    def aws_services(self, comp: InstanceGroup, arch) -> tuple[str, ...]:
        return deploy.aws_services(comp, arch)

    def target_type(self, comp: InstanceGroup) -> str:
        return "instance"

    def traced(self, comp: InstanceGroup, arch) -> bool:
        return arch.monitoring.tracing

    def check(self, comp: InstanceGroup, arch):
        return checks.check_instance_group(comp, arch)

    def grant(self, mode, source, target: InstanceGroup, ctx):
        return grant_for(mode, source, target)

    def deploy_actions(self, comp: InstanceGroup, entry, ctx, pipeline, artifact):
        return deploy.actions(comp, entry, ctx, pipeline, artifact)

    def secondary_settings(self, name: str, settings: dict, plan) -> dict:
        return secondary_capacity(name, settings, plan, {"min": 1, "max": 2})

    def generate(self, comp: InstanceGroup, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = InstanceGroupType()
