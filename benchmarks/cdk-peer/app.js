#!/usr/bin/env node
// The three-tier example (examples/three-tier.yaml) written with the AWS CDK: the peer that
// benchmarks/speed.py times `cdk synth` of, side by side with awsarch-compile.
//
//   internet -> public ALB -> web (ASG) -> internal ALB -> api (ASG) -> PostgreSQL (Multi-AZ)
//   CloudFront + private S3 (Origin Access Control) for the frontend, an artifacts bucket both
//   fleets read, alarms by e-mail, a dashboard, X-Ray daemons' permissions and an audit trail.
const cdk = require("aws-cdk-lib");
const { aws_ec2: ec2, aws_elasticloadbalancingv2: elbv2, aws_autoscaling: autoscaling, aws_rds: rds,
  aws_s3: s3, aws_cloudfront: cloudfront, aws_cloudfront_origins: origins, aws_cloudwatch: cloudwatch,
  aws_cloudwatch_actions: actions, aws_sns: sns, aws_sns_subscriptions: subs, aws_route53: route53,
  aws_route53_targets: targets, aws_cloudtrail: cloudtrail, aws_certificatemanager: acm,
  aws_iam: iam } = cdk;

class ShopStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    cdk.Tags.of(this).add("Project", "shop");
    cdk.Tags.of(this).add("Environment", "production");

    const vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr("10.0.0.0/16"), maxAzs: 2, natGateways: 1,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: "db", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
    });

    const artifacts = new s3.Bucket(this, "Artifacts", {
      versioned: true, enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ noncurrentVersionExpiration: cdk.Duration.days(30) }],
    });

    const fleet = (name, type, port, subnetGroupName, userData) => {
      const asg = new autoscaling.AutoScalingGroup(this, name, {
        vpc, vpcSubnets: { subnetGroupName }, instanceType: new ec2.InstanceType(type),
        machineImage: ec2.MachineImage.latestAmazonLinux2023(), minCapacity: 2,
        maxCapacity: 4, requireImdsv2: true, userData: ec2.UserData.custom(userData),
        blockDevices: [{ deviceName: "/dev/xvda", volume: autoscaling.BlockDeviceVolume.ebs(8, {
          encrypted: true, volumeType: autoscaling.EbsDeviceVolumeType.GP3 }) }],
        healthCheck: autoscaling.HealthCheck.elb({ grace: cdk.Duration.minutes(5) }),
      });
      asg.scaleOnCpuUtilization(`${name}Cpu`, { targetUtilizationPercent: 60 });
      artifacts.grantRead(asg);
      asg.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("AWSXRayDaemonWriteAccess"));
      return asg;
    };
    const web = fleet("Web", "t3.small", 80, "app", "#!/bin/bash\ndnf install -y nginx unzip\n");
    const api = fleet("Api", "t3.medium", 5000, "app", "#!/bin/bash\ndnf install -y nodejs unzip\n");

    const publicLb = new elbv2.ApplicationLoadBalancer(this, "PublicLb", {
      vpc, internetFacing: true, vpcSubnets: { subnetGroupName: "public" } });
    publicLb.addListener("Http", { port: 80 }).addTargets("Web", {
      port: 80, targets: [web], healthCheck: { path: "/" } });
    const internalLb = new elbv2.ApplicationLoadBalancer(this, "InternalLb", {
      vpc, internetFacing: false, vpcSubnets: { subnetGroupName: "app" } });
    internalLb.connections.allowFrom(web, ec2.Port.tcp(5000));
    internalLb.addListener("Api", { port: 5000, protocol: elbv2.ApplicationProtocol.HTTP, open: false })
      .addTargets("Api", { port: 5000, protocol: elbv2.ApplicationProtocol.HTTP, targets: [api],
        healthCheck: { path: "/health" } });

    const db = new rds.DatabaseInstance(this, "Db", {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15 }),
      instanceType: new ec2.InstanceType("t3.medium"), vpc, vpcSubnets: { subnetGroupName: "db" },
      multiAz: true, allocatedStorage: 100, maxAllocatedStorage: 200, storageType: rds.StorageType.GP3,
      storageEncrypted: true, backupRetention: cdk.Duration.days(7), deletionProtection: true,
      credentials: rds.Credentials.fromGeneratedSecret("postgres"),
      removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
    });
    db.connections.allowDefaultPortFrom(api);
    db.secret.grantRead(api);

    const siteBucket = new s3.Bucket(this, "FrontendBucket", {
      enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    const certificate = acm.Certificate.fromCertificateArn(this, "Certificate",
      "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555");
    const site = new cloudfront.Distribution(this, "Frontend", {
      defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
      defaultRootObject: "index.html", domainNames: ["example.com"], certificate,
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 200, responsePagePath: "/index.html" }],
    });
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, "Zone", {
      hostedZoneId: "Z0000000000000000000", zoneName: "example.com" });
    new route53.ARecord(this, "Apex", { zone, target: route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(site)) });
    new route53.ARecord(this, "ApiRecord", { zone, recordName: "api",
      target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(publicLb)) });

    const alarms = new sns.Topic(this, "Alarms");
    alarms.addSubscription(new subs.EmailSubscription("ops@example.com"));
    const apiCpu = new cloudwatch.Metric({ namespace: "AWS/EC2", metricName: "CPUUtilization",
      dimensionsMap: { AutoScalingGroupName: api.autoScalingGroupName }, period: cdk.Duration.minutes(1) });
    new cloudwatch.Alarm(this, "ApiCpuAlarm", { metric: apiCpu, threshold: 80, evaluationPeriods: 5 })
      .addAlarmAction(new actions.SnsAction(alarms));
    new cloudwatch.Alarm(this, "DbCpuAlarm", { metric: db.metricCPUUtilization(), threshold: 80,
      evaluationPeriods: 10 }).addAlarmAction(new actions.SnsAction(alarms));
    new cloudwatch.Dashboard(this, "Dashboard", { widgets: [[
      new cloudwatch.GraphWidget({ title: "api cpu", left: [apiCpu] }),
      new cloudwatch.GraphWidget({ title: "db cpu", left: [db.metricCPUUtilization()] })]] });
    new cloudtrail.Trail(this, "AuditTrail", { isMultiRegionTrail: true, enableFileValidation: true });
  }
}

const app = new cdk.App();
new ShopStack(app, "shop");
