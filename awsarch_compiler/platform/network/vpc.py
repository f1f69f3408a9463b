"""The VPC: subnets per tier per AZ, internet and NAT gateways, route tables,
VPC endpoints, flow logs and (``network_acls: strict``) per-tier NACLs."""
from __future__ import annotations

from awacs import logs as awacs_logs
from awacs.aws import (
    Allow,
    Condition,
    PolicyDocument,
    Principal,
    Statement,
    StringEquals,
)
from awacs.sts import AssumeRole
from troposphere import GetAtt, GetAZs, Ref, Select, Sub, ec2, iam, logs

from ...core.context import Context
from ...core.naming import pascal, subnet_id
from .. import ingress

GATEWAY_ENDPOINTS = ("s3", "dynamodb")
EPHEMERAL = (1024, 65535)


def _route_table_id(tier, az=None) -> str:
    return f"{pascal(tier.name)}RouteTable" + ("" if az is None else str(az + 1))


def _interface_tier(net):
    return net.first_tier("private", "isolated")


def generate(ctx: Context) -> None:
    net = ctx.arch.network
    azs = range(net.availability_zones)
    ctx.add(ec2.VPC("Vpc", CidrBlock=net.cidr, EnableDnsHostnames=True, EnableDnsSupport=True,
                    Tags=ctx.tags(Name=ctx.arch.name)))
    public = [t for t in net.tiers if t.type == "public"]
    if public:
        ctx.add(ec2.InternetGateway("InternetGateway", Tags=ctx.tags(Name=ctx.arch.name)))
        ctx.add(ec2.VPCGatewayAttachment("InternetGatewayAttachment", VpcId=Ref("Vpc"),
                                         InternetGatewayId=Ref("InternetGateway")), tags=False)
    for tier in net.tiers:
        for az in azs:
            ctx.add(ec2.Subnet(
                subnet_id(tier.name, az), VpcId=Ref("Vpc"), CidrBlock=tier.cidrs[az],
                AvailabilityZone=Select(az, GetAZs("")), MapPublicIpOnLaunch=False,
                Tags=ctx.tags(Name=f"{ctx.arch.name}-{tier.name}-{az + 1}", **{"awsarch:tier": tier.name,
                                                                                  "awsarch:tier-type": tier.type}),
            ))
    nats = _nat_gateways(ctx, public)
    tables = _route_tables(ctx, nats)
    _endpoints(ctx, tables)
    if net.flow_logs:
        _flow_logs(ctx)
    else:
        ctx.note("network.flow_logs: false — VPC flow logs are off")
        ctx.suppress(ctx.entries["Vpc"].resource, "CKV2_AWS_11", "flow logs turned off in the architecture (network.flow_logs: false)")
    if net.network_acls == "strict":
        _network_acls(ctx)


def _nat_gateways(ctx: Context, public) -> list:
    """NAT gateway IDs by AZ index (a single one serves every AZ)."""
    net = ctx.arch.network
    if net.nat_gateways == "none" or not public:
        return []
    count = 1 if net.nat_gateways == "single" else net.availability_zones
    ids = []
    for az in range(count):
        suffix = "" if count == 1 else str(az + 1)
        eip = ctx.add(ec2.EIP(f"NatGatewayEip{suffix}", Domain="vpc", DependsOn="InternetGatewayAttachment",
                              Tags=ctx.tags(Name=f"{ctx.arch.name}-nat{suffix}")))
        ctx.add(ec2.NatGateway(f"NatGateway{suffix}", AllocationId=GetAtt(eip, "AllocationId"),
                               SubnetId=Ref(subnet_id(public[0].name, az)),
                               Tags=ctx.tags(Name=f"{ctx.arch.name}-nat{suffix}")))
        ids.append(f"NatGateway{suffix}")
    return ids


def _route_tables(ctx: Context, nats: list) -> list[str]:
    """Route tables and associations; returns the IDs of the non-public tables."""
    net = ctx.arch.network
    private_tables = []
    for tier in net.tiers:
        per_az = tier.type == "private" and len(nats) > 1
        for az in (range(net.availability_zones) if per_az else [None]):
            table = _route_table_id(tier, az)
            ctx.add(ec2.RouteTable(table, VpcId=Ref("Vpc"),
                                   Tags=ctx.tags(Name=f"{ctx.arch.name}-{tier.name}" + ("" if az is None else f"-{az + 1}"))))
            if tier.type == "public":
                ctx.add(ec2.Route(f"{table}DefaultRoute", RouteTableId=Ref(table), DestinationCidrBlock="0.0.0.0/0",
                                  GatewayId=Ref("InternetGateway"), DependsOn="InternetGatewayAttachment"))
            elif tier.type == "private" and nats:
                ctx.add(ec2.Route(f"{table}DefaultRoute", RouteTableId=Ref(table), DestinationCidrBlock="0.0.0.0/0",
                                  NatGatewayId=Ref(nats[az or 0])))
            if tier.type != "public":
                private_tables.append(table)
        for az in range(net.availability_zones):
            table = _route_table_id(tier, az if per_az else None)
            ctx.add(ec2.SubnetRouteTableAssociation(f"{subnet_id(tier.name, az)}RouteTableAssociation",
                                                    SubnetId=Ref(subnet_id(tier.name, az)), RouteTableId=Ref(table)))
    return private_tables


def _endpoints(ctx: Context, tables: list[str]) -> None:
    net = ctx.arch.network
    interface = [e for e in net.endpoints if e not in GATEWAY_ENDPOINTS]
    for name in net.endpoints:
        if name in GATEWAY_ENDPOINTS and tables:
            ctx.add(ec2.VPCEndpoint(f"{pascal(name)}GatewayEndpoint", VpcId=Ref("Vpc"), VpcEndpointType="Gateway",
                                    ServiceName=Sub(f"com.amazonaws.${{AWS::Region}}.{name}"),
                                    RouteTableIds=[Ref(t) for t in sorted(tables)]))
    tier = _interface_tier(net)
    if not interface or tier is None:
        return
    ctx.add(ec2.SecurityGroup(
        "EndpointsSecurityGroup", GroupDescription="Interface VPC endpoints: HTTPS from inside the VPC",
        VpcId=Ref("Vpc"),
        SecurityGroupIngress=[ec2.SecurityGroupRule(IpProtocol="tcp", FromPort=443, ToPort=443,
                                                    CidrIp=net.cidr, Description="HTTPS from the VPC")],
        SecurityGroupEgress=[ec2.SecurityGroupRule(IpProtocol="icmp", FromPort=252, ToPort=86,
                                                   CidrIp="255.255.255.255/32", Description="No outbound traffic")],
    ))
    for name in interface:
        ctx.add(ec2.VPCEndpoint(f"{pascal(name)}InterfaceEndpoint", VpcId=Ref("Vpc"), VpcEndpointType="Interface",
                                ServiceName=Sub(f"com.amazonaws.${{AWS::Region}}.{name}"), PrivateDnsEnabled=True,
                                SubnetIds=ctx.subnet_refs(tier),
                                SecurityGroupIds=[GetAtt("EndpointsSecurityGroup", "GroupId")]))


def _flow_logs(ctx: Context) -> None:
    net = ctx.arch.network
    group = ctx.add(logs.LogGroup("FlowLogsLogGroup", RetentionInDays=net.flow_logs_retention_days))
    ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    ctx.add(iam.Role(
        "FlowLogsRole",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "vpc-flow-logs.amazonaws.com"), Action=[AssumeRole],
            Condition=_source_account())]),
        Policies=[iam.Policy(PolicyName="write-flow-logs", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=[Statement(
                Effect=Allow,
                Action=[awacs_logs.CreateLogStream, awacs_logs.PutLogEvents, awacs_logs.DescribeLogStreams],
                Resource=[GetAtt("FlowLogsLogGroup", "Arn")])]))],
    ))
    ctx.add(ec2.FlowLog("VpcFlowLog", ResourceId=Ref("Vpc"), ResourceType="VPC", TrafficType="ALL",
                        LogDestinationType="cloud-watch-logs", LogGroupName=Ref("FlowLogsLogGroup"),
                        DeliverLogsPermissionArn=GetAtt("FlowLogsRole", "Arn")))


def _source_account():
    return Condition(StringEquals("aws:SourceAccount", Ref("AWS::AccountId")))


def _public_listener_ports(ctx: Context) -> list[int]:
    """Every port the internet reaches a component on (its type's ``public_ports``)."""
    ports = set()
    for comp in ctx.arch.components.values():
        ports.update(ctx.kind(comp.name).public_ports(comp))
    return sorted(ports)


def _network_acls(ctx: Context) -> None:
    """Stateless rules both ways: the VPC talks freely inside; the edge only where needed."""
    net = ctx.arch.network
    listener_ports = _public_listener_ports(ctx)
    for tier in net.tiers:
        acl = f"{pascal(tier.name)}NetworkAcl"
        ctx.add(ec2.NetworkAcl(acl, VpcId=Ref("Vpc"), Tags=ctx.tags(Name=f"{ctx.arch.name}-{tier.name}")))
        rules = [(False, net.cidr, "-1", None, "vpc")]  # (egress, cidr, protocol, ports, label)
        rules.append((True, net.cidr, "-1", None, "vpc"))
        if tier.type == "public":
            rules += [(False, "0.0.0.0/0", "6", (p, p), f"listener{p}") for p in listener_ports]
            rules += [(False, "0.0.0.0/0", "6", EPHEMERAL, "return"), (True, "0.0.0.0/0", "6", EPHEMERAL, "return")]
            rules += [(True, "0.0.0.0/0", "6", (p, p), f"out{p}") for p in (80, 443)]
        elif tier.type == "private" and net.nat_gateways != "none":
            rules += [(False, "0.0.0.0/0", "6", EPHEMERAL, "return")]
            rules += [(True, "0.0.0.0/0", "6", (p, p), f"out{p}") for p in (80, 443)]
        rules += ingress.acl_rules(ctx.arch, tier)
        numbers = {False: 100, True: 100}
        for egress, cidr, protocol, ports, label in rules:
            entry = ec2.NetworkAclEntry(
                f"{acl}{'Out' if egress else 'In'}{pascal(label)}", NetworkAclId=Ref(acl), RuleNumber=numbers[egress],
                Protocol=int(protocol), RuleAction="allow", Egress=egress, CidrBlock=cidr)
            if ports:
                entry.PortRange = ec2.PortRange(From=ports[0], To=ports[1])
            numbers[egress] += 10
            ctx.add(entry, tags=False)
        for az in range(net.availability_zones):
            ctx.add(ec2.SubnetNetworkAclAssociation(f"{subnet_id(tier.name, az)}NetworkAclAssociation",
                                                    SubnetId=Ref(subnet_id(tier.name, az)), NetworkAclId=Ref(acl)))
