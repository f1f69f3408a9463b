"""Alarm metrics of an ``instance-group`` (AWS/EC2 and AWS/AutoScaling, by group)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import group_id


def _asg_dimension(comp) -> dict:
    return {"AutoScalingGroupName": Ref(group_id(comp.name))}


METRICS = {
    "cpu": Metric("AWS/EC2", "CPUUtilization", lambda c, ctx: _asg_dimension(c),
                  description="average CPU utilisation of the group, percent"),
    "status_check_failed": Metric("AWS/EC2", "StatusCheckFailed", lambda c, ctx: _asg_dimension(c),
                                  statistic="Maximum", description="any instance failing an EC2 status check"),
    "network_in": Metric("AWS/EC2", "NetworkIn", lambda c, ctx: _asg_dimension(c), statistic="Sum",
                         unit_scale=1024 ** 2, description="bytes received per minute; threshold in MiB"),
    "network_out": Metric("AWS/EC2", "NetworkOut", lambda c, ctx: _asg_dimension(c), statistic="Sum",
                          unit_scale=1024 ** 2, description="bytes sent per minute; threshold in MiB"),
    "in_service": Metric("AWS/AutoScaling", "GroupInServiceInstances", lambda c, ctx: _asg_dimension(c),
                         statistic="Minimum", comparison="LessThanThreshold",
                         description="instances in service falls below the threshold"),
}
