"""What an instance group's instances are bought and built as: one or several instance types, Spot
above an on-demand base (a mixed-instances policy), tenancy, capacity reservations, and the EBS
volumes (the root volume's IOPS and throughput, extra encrypted volumes)."""
from __future__ import annotations

from troposphere import autoscaling, ec2

from ...core.context import Context
from .model import InstanceGroup

IOPS_TYPES = ("gp3", "io1", "io2")  # volume types that take provisioned IOPS
NEEDS_IOPS = ("io1", "io2")


def instance_type(comp: InstanceGroup) -> str:
    return comp.instance_types[0] if comp.instance_types else comp.instance_type


def _ebs(size: int, kind: str, iops, throughput) -> ec2.EBSBlockDevice:
    ebs = ec2.EBSBlockDevice(VolumeSize=size, VolumeType=kind, Encrypted=True, DeleteOnTermination=True)
    if iops is not None:
        ebs.Iops = iops
    if throughput is not None:
        ebs.Throughput = throughput
    return ebs


def block_devices(comp: InstanceGroup, root_device: str) -> list:
    root = comp.root_volume
    out = [ec2.LaunchTemplateBlockDeviceMapping(DeviceName=root_device,
                                                Ebs=_ebs(root.size, root.type, root.iops, root.throughput))]
    out += [ec2.LaunchTemplateBlockDeviceMapping(DeviceName=v.device, Ebs=_ebs(v.size, v.type, v.iops, v.throughput))
            for v in comp.volumes]
    return out


def placement(comp: InstanceGroup, data: ec2.LaunchTemplateData) -> None:
    if comp.tenancy != "default":
        data.Placement = ec2.Placement(Tenancy=comp.tenancy)
    reservation = comp.capacity_reservation
    if reservation.startswith("cr-"):
        data.CapacityReservationSpecification = ec2.CapacityReservationSpecification(
            CapacityReservationTarget=ec2.CapacityReservationTarget(CapacityReservationId=reservation))
    elif reservation == "none":
        data.CapacityReservationSpecification = ec2.CapacityReservationSpecification(
            CapacityReservationPreference="none")


def launch(ctx: Context, comp: InstanceGroup, asg, template: autoscaling.LaunchTemplateSpecification) -> None:
    """The group's launch template, or a mixed-instances policy over several types (and Spot)."""
    if len(comp.instance_types) < 2 and comp.spot is None:
        asg.LaunchTemplate = template
        return
    spot = comp.spot
    distribution = autoscaling.InstancesDistribution(
        OnDemandBaseCapacity=spot.on_demand_base if spot else 0,
        OnDemandPercentageAboveBaseCapacity=spot.on_demand_percent if spot else 100,
        OnDemandAllocationStrategy="prioritized")
    if spot:
        distribution.SpotAllocationStrategy = spot.strategy
        ctx.note(f"components.{comp.name}.spot: {100 - spot.on_demand_percent} % of the instances above "
                 f"{spot.on_demand_base} on demand are Spot, which EC2 may interrupt with two minutes' notice")
    asg.MixedInstancesPolicy = autoscaling.MixedInstancesPolicy(
        InstancesDistribution=distribution,
        LaunchTemplate=autoscaling.LaunchTemplate(
            LaunchTemplateSpecification=template,
            Overrides=[autoscaling.LaunchTemplateOverrides(InstanceType=t) for t in comp.instance_types]))
