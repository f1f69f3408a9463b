"""Instance-group scaling beyond target tracking: simple and step scaling on alarms, scheduled
actions, network targets, and monitoring alarms that compare below a threshold — in the compiled
templates and, for the scheduled actions moto models, in the emulator."""
import json

import boto3
import pytest

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader, output

import emulator

ARCH = """
awsarch: 1
name: igs
network:
  cidr: 10.0.0.0/16
  subnets:
    app: {type: private, size: 24}
components:
  web:
    type: instance-group
    port: 8080
    capacity: {min: 2, max: 10}
    scaling:
      network_in_target: 50
      policies:
        - {metric: cpu, above: 60, minutes: 3, add: 1}
        - {metric: cpu, below: 40, minutes: 10, remove: 1}
        - {metric: network_out, above: 500, minutes: 5, steps: [{change: 1}, {beyond: 200, change: 3}]}
        - {metric: network_out, below: 10, minutes: 15, steps: [{change: 1}, {beyond: 5, change: 2}]}
      schedule:
        - {name: workday, cron: "0 7 * * 1-5", min: 4, desired: 6}
        - {name: night, cron: "0 20 * * *", min: 2, max: 4, timezone: Europe/Berlin}
monitoring:
  notify: [ops@example.com]
  alarms:
    - {component: web, metric: cpu, threshold: 5, minutes: 30, comparison: below}
"""


@pytest.fixture(scope="module")
def compiled():
    data, source = loader.load_text(ARCH, "arch.yaml")
    result = pipeline.compile_source(data, source, pipeline.Options(fmt="json"))
    templates = {name: json.loads(text) for name, text in result.files.items() if name != output.MANIFEST}
    return result, {lid: r for t in templates.values() for lid, r in t["Resources"].items()}


def props(res, logical):
    return res[logical]["Properties"]


def test_lint_clean(compiled):
    result, _ = compiled
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []


def test_the_seeds_rule_is_two_simple_policies_on_cpu_alarms(compiled):
    _, res = compiled
    out, scale_in = props(res, "WebCpuAbove60Alarm"), props(res, "WebCpuBelow40Alarm")
    assert (out["ComparisonOperator"], out["Threshold"], out["EvaluationPeriods"], out["DatapointsToAlarm"]) == \
        ("GreaterThanThreshold", 60, 3, 3)
    assert (scale_in["ComparisonOperator"], scale_in["Threshold"], scale_in["EvaluationPeriods"]) == ("LessThanThreshold", 40, 10)
    assert out["AlarmActions"] == [{"Ref": "WebCpuAbove60ScalingPolicy"}]
    assert out["Dimensions"] == [{"Name": "AutoScalingGroupName", "Value": {"Ref": "WebAutoScalingGroup"}}]
    policy = props(res, "WebCpuAbove60ScalingPolicy")
    assert (policy["PolicyType"], policy["ScalingAdjustment"], policy["Cooldown"]) == ("SimpleScaling", 1, "300")
    assert props(res, "WebCpuBelow40ScalingPolicy")["ScalingAdjustment"] == -1


def test_step_scaling_bounds_are_relative_to_the_threshold(compiled):
    _, res = compiled
    mib = 1024 ** 2
    up = props(res, "WebNetworkOutAbove500ScalingPolicy")
    assert up["PolicyType"] == "StepScaling"
    assert up["StepAdjustments"] == [
        {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 200 * mib, "ScalingAdjustment": 1},
        {"MetricIntervalLowerBound": 200 * mib, "ScalingAdjustment": 3}]
    down = props(res, "WebNetworkOutBelow10ScalingPolicy")
    assert down["StepAdjustments"] == [
        {"MetricIntervalLowerBound": -5 * mib, "MetricIntervalUpperBound": 0, "ScalingAdjustment": -1},
        {"MetricIntervalUpperBound": -5 * mib, "ScalingAdjustment": -2}]
    assert props(res, "WebNetworkOutAbove500Alarm")["Threshold"] == 500 * mib


def test_network_target_tracking(compiled):
    _, res = compiled
    tracking = props(res, "WebNetworkInScalingPolicy")["TargetTrackingConfiguration"]
    assert tracking["PredefinedMetricSpecification"] == {"PredefinedMetricType": "ASGAverageNetworkIn"}
    assert tracking["TargetValue"] == 50.0 * 1024 ** 2


def test_scheduled_actions(compiled):
    _, res = compiled
    workday, night = props(res, "WebWorkdayScheduledAction"), props(res, "WebNightScheduledAction")
    assert (workday["Recurrence"], workday["MinSize"], workday["DesiredCapacity"]) == ("0 7 * * 1-5", 4, 6)
    assert "MaxSize" not in workday
    assert (night["MinSize"], night["MaxSize"], night["TimeZone"]) == (2, 4, "Europe/Berlin")


def test_a_monitoring_alarm_can_compare_below(compiled):
    _, res = compiled
    alarm = props(res, "WebCpuAlarm")
    assert alarm["ComparisonOperator"] == "LessThanThreshold" and alarm["Threshold"] == 5
    assert "<" in alarm["AlarmDescription"]


def test_scheduled_actions_alone_may_keep_min_equal_to_max():
    data, source = loader.load_text(ARCH.replace("capacity: {min: 2, max: 10}", "capacity: {min: 2, max: 2}")
                                    .replace("      network_in_target: 50\n", "")
                                    .split("      policies:")[0] + "      schedule:\n"
                                    "        - {name: peak, cron: '0 8 * * *', min: 4, max: 4}\n", "arch.yaml")
    pipeline.build_model(data, source)  # no E334: the schedule changes min and max itself


def test_emulated_scheduled_actions(compiled):
    result, _ = compiled
    with emulator.emulated(result.files, f"{result.arch.name}.json") as deployment:
        assert set(deployment.stacks.values()) == {"CREATE_COMPLETE"}
        group = deployment.physical("WebAutoScalingGroup")
        actions = boto3.client("autoscaling", region_name=emulator.REGION).describe_scheduled_actions(
            AutoScalingGroupName=group)["ScheduledUpdateGroupActions"]
    found = {a["Recurrence"]: (a.get("MinSize"), a.get("MaxSize"), a.get("DesiredCapacity")) for a in actions}
    assert found["0 7 * * 1-5"][0] == 4 and found["0 7 * * 1-5"][2] == 6
    assert found["0 20 * * *"][:2] == (2, 4)
