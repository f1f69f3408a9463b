"""EC2 fleets (instances and their volumes), Fargate tasks and Lambda functions."""
from __future__ import annotations

from .lines import Job


def _ref(value) -> str | None:
    return value.get("Ref") if isinstance(value, dict) else None


def _count(job: Job, props: dict, key: str) -> float:
    desired = props.get(key)
    desired = props.get("MinSize", 1) if desired is None else desired
    return job.value("average_count", float(desired), "the desired count")


def auto_scaling_group(job: Job) -> None:
    template_id = _ref(job.props.get("LaunchTemplate", {}).get("LaunchTemplateId"))
    entry = job.ctx.entries.get(template_id)
    data = entry.resource.to_dict().get("Properties", {}).get("LaunchTemplateData", {}) if entry else {}
    instance_type = data.get("InstanceType", "t3.micro")
    count, hours = _count(job, job.props, "DesiredCapacity"), job.hours
    job.add(f"EC2 {instance_type} x{count:g}", count * hours, "instance-hours", job.prices.size("ec2", instance_type))
    for mapping in data.get("BlockDeviceMappings", []):
        ebs = mapping.get("Ebs", {})
        kind, size = ebs.get("VolumeType", "gp3"), float(ebs.get("VolumeSize", 8))
        job.add(f"EBS {kind} {size:g} GB x{count:g}", size * count * hours / job.prices.hours, "GB-months",
                job.prices.get("ebs", kind))


def _task_size(job: Job) -> tuple[float, float, bool]:
    """(vCPU, GB, arm64) of the service's task definition."""
    entry = job.ctx.entries.get(_ref(job.props.get("TaskDefinition")))
    props = entry.resource.to_dict().get("Properties", {}) if entry else {}
    arm = props.get("RuntimePlatform", {}).get("CpuArchitecture") == "ARM64"
    return int(props.get("Cpu", 256)) / 1024, int(props.get("Memory", 512)) / 1024, arm


def ecs_service(job: Job) -> None:
    fargate = job.props.get("LaunchType") == "FARGATE" or any(
        s.get("CapacityProvider") in ("FARGATE", "FARGATE_SPOT") for s in job.props.get("CapacityProviderStrategy", []))
    if not fargate:
        return  # tasks on EC2 capacity: the capacity group's instances are priced
    vcpu, gb, arm = _task_size(job)
    tasks = _count(job, job.props, "DesiredCount")
    task_hours = tasks * job.hours
    prefix = "arm_" if arm else ""
    label = f"Fargate {vcpu:g} vCPU / {gb:g} GB{' arm64' if arm else ''} x{tasks:g}"
    job.add(f"{label}: vCPU", vcpu * task_hours, "vCPU-hours", job.prices.get("fargate", prefix + "vcpu_hour"))
    job.add(f"{label}: memory", gb * task_hours, "GB-hours", job.prices.get("fargate", prefix + "gb_hour"))


def lambda_function(job: Job) -> None:
    requests = job.value("requests_per_month", 1_000_000, "invocations per month")
    duration = job.value("duration_ms", 100, "ms per invocation")
    memory = float(job.props.get("MemorySize", 128)) / 1024
    arm = "arm64" in job.props.get("Architectures", [])
    job.add("Lambda requests", requests / 1e6, "million requests", job.prices.get("lambda", "per_million_requests"))
    job.add(f"Lambda {memory * 1024:g} MB{' arm64' if arm else ''} compute", requests * duration / 1000 * memory,
            "GB-seconds", job.prices.get("lambda", "arm_gb_second" if arm else "gb_second"))


HANDLERS = {
    "AWS::AutoScaling::AutoScalingGroup": auto_scaling_group,
    "AWS::ECS::Service": ecs_service,
    "AWS::Lambda::Function": lambda_function,
}
