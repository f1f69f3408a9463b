"""The network and monitoring the compiler adds: NAT, public IPv4, endpoints, logs, alarms, keys, trail."""
from __future__ import annotations

from .lines import Job

NAT_GB_DEFAULT = 5  # GB per month each NAT-routed component exchanges with the internet, unless usage says


def _nat_routed(job: Job) -> list:
    arch = job.ctx.arch
    out = []
    for comp in arch.components.values():
        kind = arch.kind(comp.name)
        tier = job.ctx.tier_of(comp) if kind.needs_vpc(comp) else None
        if tier is not None and tier.type == "private" and kind.uses_others:
            out.append(comp)
    return out


def nat_gateway(job: Job) -> None:
    gateways = [e for e in job.ctx.entries.values() if e.resource.resource_type == "AWS::EC2::NatGateway"]
    job.add("NAT gateway hours", job.hours, "gateway-hours", job.prices.get("nat", "hour"))
    total = 0.0
    for comp in _nat_routed(job):
        given = getattr(getattr(comp, "usage", None), "transfer_gb", None)
        if given is None:
            text = f"NAT: {comp.name} exchanges {NAT_GB_DEFAULT} GB with the internet (usage.transfer_gb)"
            if text not in job.assumptions:
                job.assumptions.append(text)
        total += NAT_GB_DEFAULT if given is None else float(given)
    job.add("NAT gateway data processed", total / max(len(gateways), 1), "GB", job.prices.get("nat", "gb"))


def elastic_ip(job: Job) -> None:
    job.add("public IPv4 address (Elastic IP)", job.hours, "address-hours", job.prices.get("public_ipv4", "hour"))


def vpc_endpoint(job: Job) -> None:
    if job.props.get("VpcEndpointType") != "Interface":
        return  # gateway endpoints (S3, DynamoDB) are free
    service = str(job.props.get("ServiceName", "")).rsplit(".", 1)[-1] if isinstance(job.props.get("ServiceName"), str) \
        else str(job.props.get("ServiceName", {}).get("Fn::Sub", "")).split("}.", 1)[-1]
    azs = len(job.props.get("SubnetIds", [])) or 2
    job.add(f"interface endpoint {service} x{azs} AZ", azs * job.hours, "endpoint-hours",
            job.prices.get("endpoints", "interface_az_hour"))
    job.add(f"interface endpoint {service} data", 1, "GB", job.prices.get("endpoints", "gb"))


def alarm(job: Job) -> None:
    job.add("CloudWatch alarm", 1, "alarm-months", job.prices.get("cloudwatch", "alarm_month"))


def dashboard(job: Job) -> None:
    job.add("CloudWatch dashboard", 1, "dashboard-months", job.prices.get("cloudwatch", "dashboard_month"))


def log_group(job: Job) -> None:
    gb = job.value("log_gb", 1, "GB of logs written")
    job.add("CloudWatch Logs ingestion", gb, "GB", job.prices.get("cloudwatch", "log_ingest_gb"))
    job.add("CloudWatch Logs storage", gb, "GB-months", job.prices.get("cloudwatch", "log_storage_gb"))


def kms_key(job: Job) -> None:
    job.add("KMS customer managed key", 1, "key-months", job.prices.get("kms", "key_month"))


def trail(job: Job) -> None:
    job.add("CloudTrail management events (the first trail's copy is free)", 1, "trails",
            job.prices.get("cloudtrail", "first_management_trail"))


HANDLERS = {
    "AWS::EC2::NatGateway": nat_gateway,
    "AWS::EC2::EIP": elastic_ip,
    "AWS::EC2::VPCEndpoint": vpc_endpoint,
    "AWS::CloudWatch::Alarm": alarm,
    "AWS::CloudWatch::Dashboard": dashboard,
    "AWS::Logs::LogGroup": log_group,
    "AWS::KMS::Key": kms_key,
    "AWS::CloudTrail::Trail": trail,
}
