"""Functions, queues, topics and bucket notifications: checks, scoping and wiring."""
import json
import textwrap

import pytest

from troposphere import encode_to_dict

from awsarch_compiler.core import loader, stacks
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.platform.monitoring import ids as monitoring
from awsarch_compiler.types.function.schedule import schedule_problem
from awsarch_compiler.pipeline import Options, build_model, compile_source, generate

from conftest import ROOT

EVENT_DRIVEN = (ROOT / "examples" / "event-driven.yaml").read_text(encoding="utf-8")

FUNCTION = """
  worker:
    type: function
    runtime: python3.12
    handler: app.handler
    code: src/worker
    timeout: {timeout}
    triggers:
      - queue: jobs
"""


def with_components(extra: str) -> str:
    """The event-driven example with more components appended under components:."""
    return EVENT_DRIVEN + textwrap.indent(textwrap.dedent(extra), "  ")


def model(text: str):
    data, source = loader.load_text(textwrap.dedent(text), "arch.yaml")
    return build_model(data, source), data, source


def context(text: str):
    arch, _, _ = model(text)
    return generate(arch)


def resource(ctx, logical: str) -> dict:
    return ctx.entries[logical].resource.to_dict()


def errors_of(text: str) -> list:
    with pytest.raises(ArchError) as info:
        model(text)
    return info.value.diagnostics


# -- checks ------------------------------------------------------------------

def test_visibility_timeout_below_function_timeout_is_an_error_with_the_numbers():
    text = "awsarch: 1\nname: vt\ncomponents:\n  jobs: {type: queue, visibility_timeout: 30}\n" + FUNCTION.format(timeout=60)
    (diag,) = errors_of(text)
    assert diag.code == "E1104"
    assert "30s" in diag.message and "60s" in diag.message and "'worker'" in diag.message
    assert diag.path == ("components", "jobs", "visibility_timeout")
    assert diag.line == 4
    assert "visibility_timeout: 360" in diag.hint  # 6 x 60, the AWS recommendation


def test_visibility_timeout_below_six_times_is_noted_and_at_six_times_is_silent():
    below = "awsarch: 1\nname: vt\ncomponents:\n  jobs: {type: queue, visibility_timeout: 100}\n" + FUNCTION.format(timeout=60)
    assert any("6 x the 60s timeout of worker" in n for n in context(below).notes)
    enough = "awsarch: 1\nname: vt\ncomponents:\n  jobs: {type: queue, visibility_timeout: 360}\n" + FUNCTION.format(timeout=60)
    assert not any("visibility_timeout" in n for n in context(enough).notes)


@pytest.mark.parametrize("expression", ["rate(5 minutes)", "rate(1 minute)", "rate(1 day)", "rate(12 hours)",
                                        "cron(0 12 * * ? *)", "cron(15 10 ? * MON-FRI *)", "cron(0/5 8-17 ? * 2-6 *)"])
def test_valid_schedules(expression):
    assert schedule_problem(expression) is None


@pytest.mark.parametrize("expression, fragment", [
    ("rate(1 minutes)", "singular"),
    ("rate(5 minute)", "plural"),
    ("rate(0 minutes)", "at least 1"),
    ("rate(5 weeks)", "minute(s), hour(s) or day(s)"),
    ("cron(0 12 * * *)", "six fields"),
    ("cron(0 12 * * * *)", "exactly one of day-of-month and day-of-week"),
    ("cron(0 12 ? * ? *)", "exactly one of day-of-month and day-of-week"),
    ("cron(0 12 $ * ? *)", "characters"),
    ("every 5 minutes", "rate(5 minutes)"),
])
def test_invalid_schedules(expression, fragment):
    assert fragment in schedule_problem(expression)


def test_invalid_schedule_in_an_architecture_is_located():
    text = """\
        awsarch: 1
        name: sched
        components:
          nightly:
            type: function
            runtime: python3.12
            handler: app.handler
            code: src/nightly
            triggers:
              - schedule: cron(0 3 * * *)
        """
    (diag,) = errors_of(text)
    assert diag.code == "E1307" and diag.line == 10
    assert diag.path == ("components", "nightly", "triggers", 0, "schedule")


@pytest.mark.parametrize("kind", ["bucket", "topic", "function"])
def test_queue_trigger_on_a_non_queue_is_an_error(kind):
    extra = {"bucket": "{type: bucket}", "topic": "{type: topic}",
             "function": "{type: function, runtime: python3.12, handler: a.b, code: src}"}[kind]
    text = f"awsarch: 1\nname: tq\ncomponents:\n  jobs: {extra}\n" + FUNCTION.format(timeout=3)
    (diag,) = errors_of(text)
    assert diag.code == "E302"
    assert f"is a {kind}; it must be a queue" in diag.message
    assert diag.path == ("components", "worker", "triggers", 0, "queue")


# -- scoping -----------------------------------------------------------------

def test_queue_policy_admits_only_tls_and_exactly_its_sources():
    text = with_components("""\
        fanout:
          type: topic
          subscriptions:
            - queue: jobs
        """)
    ctx = context(text)
    policy = resource(ctx, "JobsQueuePolicy")["Properties"]
    assert policy["Queues"] == [{"Ref": "JobsQueue"}, {"Ref": "JobsDeadLetterQueue"}]
    deny, *allows = policy["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    sources = {}
    for statement in allows:
        assert statement["Effect"] == "Allow"
        assert statement["Action"] == ["sqs:SendMessage"]
        assert statement["Resource"] == [{"Fn::GetAtt": ["JobsQueue", "Arn"]}]
        sources[statement["Principal"]["Service"]] = statement["Condition"]["ArnEquals"]["aws:SourceArn"]
    assert sources == {"events.amazonaws.com": {"Fn::GetAtt": ["UploadsToJobsRule", "Arn"]},
                       "sns.amazonaws.com": {"Ref": "FanoutTopic"}}


def test_function_role_is_logs_on_its_group_plus_exactly_its_uses_and_trigger():
    ctx = context(EVENT_DRIVEN)
    role = resource(ctx, "ResizeRole")["Properties"]
    assert "ManagedPolicyArns" not in role
    (policy,) = role["Policies"]
    statements = policy["PolicyDocument"]["Statement"]
    logs, *rest = statements
    assert logs["Resource"] == [{"Fn::GetAtt": ["ResizeLogGroup", "Arn"]}]
    assert logs["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    uses = [encode_to_dict(s) for s in ctx.statements_for("resize")]
    consume = rest[len(uses):]
    assert rest[:len(uses)] == uses
    assert consume == [{"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                                      "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
                        "Resource": [{"Fn::GetAtt": ["JobsQueue", "Arn"]}]}]
    assert all(r != "*" for s in statements for r in s["Resource"])


def test_vpc_function_gets_network_interface_permissions_in_its_account_only():
    text = """\
        awsarch: 1
        name: vpcfn
        network:
          cidr: 10.0.0.0/16
          availability_zones: 2
          subnets:
            public: {type: public, size: 24}
            app: {type: private, size: 24}
        components:
          worker:
            type: function
            runtime: python3.12
            handler: app.handler
            code: src/worker
            vpc: true
        """
    ctx = context(text)
    fn = resource(ctx, "WorkerFunction")["Properties"]
    assert fn["VpcConfig"]["SecurityGroupIds"] == [{"Fn::GetAtt": ["WorkerSecurityGroup", "GroupId"]}]
    assert fn["VpcConfig"]["SubnetIds"] == [{"Ref": "AppSubnet1"}, {"Ref": "AppSubnet2"}]
    statements = resource(ctx, "WorkerRole")["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    by_sid = {s.get("Sid"): s for s in statements}
    assert by_sid["DescribeNetworkInterfaces"]["Resource"] == ["*"]  # Describe* has no resource-level permissions
    assert set(by_sid["DescribeNetworkInterfaces"]["Action"]) == {"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"}
    assert by_sid["ManageOwnNetworkInterfaces"]["Resource"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:*/*"}]


def test_invoke_grants_exactly_the_function_arn_and_its_name():
    text = """\
        awsarch: 1
        name: inv
        components:
          worker: {type: function, runtime: python3.12, handler: app.handler, code: src/worker}
          caller:
            type: function
            runtime: python3.12
            handler: app.handler
            code: src/caller
            uses: {worker: invoke}
        """
    ctx = context(text)
    (grant,) = ctx.grants_from("caller")
    assert [encode_to_dict(s) for s in grant.statements] == [
        {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": [{"Fn::GetAtt": ["WorkerFunction", "Arn"]}]}]
    env = resource(ctx, "CallerFunction")["Properties"]["Environment"]["Variables"]
    assert env == {"WORKER_FUNCTION_NAME": {"Ref": "WorkerFunction"}}


# -- wiring ------------------------------------------------------------------

def _bundle(text):
    ctx = context(text)
    bundle, diags = stacks.assemble(ctx)
    assert [d for d in diags if d.is_error] == []
    return ctx, {t.layer: t for t in bundle.children}, bundle.root


def test_notifications_use_eventbridge_without_a_cycle():
    text = with_components("""\
        audit:
          type: function
          runtime: python3.12
          handler: app.handler
          code: src/audit
          triggers:
            - bucket: uploads
              events: [removed]
              suffix: .jpg
        """)
    ctx, children, root = _bundle(text)
    bucket = children["data"].resources["UploadsBucket"]["Properties"]
    assert bucket["NotificationConfiguration"] == {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    # the queue's rule sits with the queue; the function's rule and permission with the function
    assert "UploadsToJobsRule" in children["data"].resources
    assert {"UploadsToAuditRule", "UploadsToAuditPermission"} <= set(children["compute"].resources)
    rule = children["compute"].resources["UploadsToAuditRule"]["Properties"]
    assert rule["EventPattern"] == {"source": ["aws.s3"], "detail-type": ["Object Deleted"],
                                    "detail": {"bucket": {"name": [{"Ref": "UploadsBucket"}]},
                                               "object": {"key": [{"suffix": ".jpg"}]}}}
    permission = children["compute"].resources["UploadsToAuditPermission"]["Properties"]
    assert permission["Principal"] == "events.amazonaws.com"
    assert permission["SourceArn"] == {"Fn::GetAtt": ["UploadsToAuditRule", "Arn"]}
    # the data stack takes nothing from the compute stack
    data_params = children["data"].parameters
    assert not any(p.startswith(("Resize", "Audit")) for p in data_params)
    assert "ComputeStack" not in json.dumps(root.resources["DataStack"])


def test_prefix_and_suffix_together_become_a_wildcard_and_entries_join_with_or():
    text = """\
        awsarch: 1
        name: wild
        components:
          uploads:
            type: bucket
            notifications:
              - {prefix: "in/", suffix: ".jpg", target: jobs}
              - {events: [removed], target: jobs}
          jobs: {type: queue}
        """
    pattern = resource(context(text), "UploadsToJobsRule")["Properties"]["EventPattern"]
    first, second = pattern["$or"]
    assert first["detail"]["object"] == {"key": [{"wildcard": "in/*.jpg"}]}
    assert second["detail-type"] == ["Object Deleted"] and "object" not in second["detail"]


def test_topic_to_function_subscription_lives_with_the_function_and_is_scoped():
    text = """\
        awsarch: 1
        name: fan
        components:
          news:
            type: topic
            subscriptions:
              - function: reader
          reader: {type: function, runtime: nodejs22.x, handler: index.handler, code: src/reader}
        """
    ctx, children, _ = _bundle(text)
    assert {"NewsToReaderSubscription", "NewsToReaderPermission"} <= set(children["compute"].resources)
    permission = children["compute"].resources["NewsToReaderPermission"]["Properties"]
    assert permission["Principal"] == "sns.amazonaws.com" and permission["SourceArn"] == {"Ref": "NewsTopic"}


def test_fifo_queue_and_its_dead_letter_queue_are_named_fifo():
    text = """\
        awsarch: 1
        name: ff
        components:
          orders: {type: queue, fifo: true, dead_letter: {max_receive: 2}}
        """
    ctx = context(text)
    for logical in ("OrdersQueue", "OrdersDeadLetterQueue"):
        props = resource(ctx, logical)["Properties"]
        assert props["FifoQueue"] is True
        assert props["QueueName"]["Fn::Join"][1][-1] == ".fifo"
    allow = resource(ctx, "OrdersDeadLetterQueue")["Properties"]["RedriveAllowPolicy"]
    assert allow["redrivePermission"] == "byQueue" and len(allow["sourceQueueArns"]) == 1


# -- dead-letter alarm -------------------------------------------------------

def test_dead_letter_queue_depth_alarms_to_the_monitoring_topic():
    text = EVENT_DRIVEN + "\nmonitoring:\n  notify: [ops@example.com]\n"
    ctx = context(text)
    entry = ctx.entries["JobsDeadLetterAlarm"]
    assert entry.layer == "monitoring"
    alarm = entry.resource.to_dict()["Properties"]
    assert alarm["AlarmActions"] == [{"Ref": monitoring.TOPIC}]
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["JobsDeadLetterQueue", "QueueName"]}}]
    assert alarm["Threshold"] == 0 and alarm["ComparisonOperator"] == "GreaterThanThreshold"
    assert monitoring.TOPIC in ctx.entries


def test_no_dead_letter_alarm_without_notify():
    assert "JobsDeadLetterAlarm" not in context(EVENT_DRIVEN).entries


def test_every_feature_together_lints_clean():
    text = """\
        awsarch: 1
        name: events-full
        network:
          cidr: 10.0.0.0/16
          availability_zones: 2
          nat_gateways: none
          endpoints: [sns, sqs]
          subnets:
            app: {type: private, size: 24}
        components:
          uploads:
            type: bucket
            encryption: kms
            notifications:
              - {events: [created, removed], prefix: in/, suffix: .jpg, target: alerts}
              - {target: orders}
          orders: {type: queue, fifo: true, content_based_deduplication: true, encryption: kms, visibility_timeout: 60,
                   dead_letter: {max_receive: 5}}
          plain: {type: queue, visibility_timeout: 60}
          failures: {type: queue}
          alerts:
            type: topic
            encryption: kms
            subscriptions:
              - email: ops@example.com
              - {https: "https://hooks.example.com/sns", raw: true}
              - {queue: plain, raw: true}
              - function: worker
          worker:
            type: function
            runtime: python3.13
            handler: index.handler
            inline: |
              def handler(event, context):
                  return None
            architecture: arm64
            timeout: 10
            vpc: true
            reserved_concurrency: 5
            dead_letter: failures
            triggers:
              - {queue: orders, max_concurrency: 5}
              - {queue: plain, batch_size: 100, max_batching_window: 5}
              - schedule: rate(5 minutes)
              - {bucket: uploads, events: [restored], prefix: archive/}
            uses: {alerts: publish, orders: send}
        monitoring:
          notify: [ops@example.com]
          tracing: true
        """
    data, source = loader.load_text(textwrap.dedent(text), "full.yaml")
    result = compile_source(data, source, Options())
    assert [(f.file, f.rule, f.message) for f in result.findings if f.severity != "informational"] == []
    assert result.warnings == []


def test_bucket_events_to_a_customer_key_topic_are_admitted_by_topic_and_key_policies():
    text = """\
        awsarch: 1
        name: tk
        components:
          uploads:
            type: bucket
            notifications:
              - {events: [created], prefix: reports/, target: alerts}
          alerts: {type: topic, encryption: kms}
        """
    ctx = context(text)
    statements = resource(ctx, "AlertsTopicPolicy")["Properties"]["PolicyDocument"]["Statement"]
    allow = [s for s in statements if s["Effect"] == "Allow"]
    assert allow == [{"Sid": "FromUploadsToAlertsRule", "Effect": "Allow",
                      "Principal": {"Service": "events.amazonaws.com"}, "Action": ["sns:Publish"],
                      "Resource": [{"Ref": "AlertsTopic"}],
                      "Condition": {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["UploadsToAlertsRule", "Arn"]}}}}]
    key = resource(ctx, "AlertsKey")["Properties"]["KeyPolicy"]["Statement"]
    services = [s["Principal"]["Service"] for s in key if s.get("Sid") == "ServicesUseKey"]
    assert services == [["events.amazonaws.com"]]
    assert resource(ctx, "AlertsTopic")["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": ["AlertsKey", "Arn"]}
