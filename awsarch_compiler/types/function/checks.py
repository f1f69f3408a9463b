"""Semantic checks of a ``function``: code, inline runtimes, dead-letter target, environment, triggers.

Each trigger names a component of the event-source type its key says
(``queue:``, ``bucket:``, ...); the source type's ``trigger_checks`` then
says what that trigger must satisfy (batch sizes, timeouts, FIFO limits).
"""
from __future__ import annotations

import re

from ...core.diagnostics import error
from ...core.references import reference_errors
from ...core.semantics import environment_errors
from .model import Function
from .schedule import schedule_problem

RESERVED_ENV = {"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
                "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_XRAY_CONTEXT_MISSING", "AWS_XRAY_DAEMON_ADDRESS"}
INLINE_RUNTIMES = ("python", "nodejs")
S3_URI = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$")


def _code(fn: Function, path: tuple):
    if (fn.code is None) == (fn.inline is None):
        yield error("E1301", "a function needs exactly one of code and inline", path,
                    "code: src/app (a folder or .zip, or s3://bucket/key.zip), or inline: | with the source")
    if fn.code and fn.code.startswith("s3://") and not S3_URI.match(fn.code):
        yield error("E1302", f"'{fn.code}' is not an S3 object URI", path + ("code",),
                    "write s3://BUCKET/KEY.zip, or a local path such as src/app")
    if fn.inline is not None:
        if not fn.runtime.startswith(INLINE_RUNTIMES):
            yield error("E1303", f"inline code needs a Python or Node.js runtime, not {fn.runtime}",
                        path + ("inline",), "package the code in a folder and use code: instead")
        elif not fn.handler.startswith("index."):
            yield error("E1304", f"inline code is saved as index.py or index.js, so the handler must start "
                                 f"with 'index.', not '{fn.handler}'", path + ("handler",),
                        f"handler: index.{fn.handler.rsplit('.', 1)[-1]}")


def _dead_letter(fn: Function, arch, path: tuple):
    if not fn.dead_letter:
        return
    senders = tuple(name for name, kind in arch.kinds.items() if kind.send_access)
    found = reference_errors(arch, fn.dead_letter, path + ("dead_letter",), senders, "dead_letter")
    yield from found
    if not found and getattr(arch.components[fn.dead_letter], "fifo", False):
        yield error("E1305", f"Lambda cannot send failed events to the FIFO {arch.components[fn.dead_letter].type} "
                             f"'{fn.dead_letter}'", path + ("dead_letter",), "use a standard queue or topic")


def _environment(fn: Function, arch, path: tuple):
    for name in fn.environment:
        if name in RESERVED_ENV or name.startswith("AWS_LAMBDA_"):
            yield error("E1306", f"Lambda reserves the environment variable {name}", path + ("environment", name),
                        "choose another name")
    yield from environment_errors(fn, fn.environment, arch, path)


def _triggers(fn: Function, arch, path: tuple):
    for i, trigger in enumerate(fn.triggers):
        here = path + ("triggers", i)
        if trigger.source is None:
            problem = schedule_problem(trigger.schedule)
            if problem:
                yield error("E1307", f"'{trigger.schedule}' is not a valid schedule: {problem}", here + ("schedule",),
                            "for example rate(5 minutes), rate(1 day) or cron(0 12 * * ? *)")
            continue
        found = reference_errors(arch, trigger.source, here + (trigger.key,), (trigger.key,), f"trigger {trigger.key}")
        yield from found
        if not found:
            source = arch.components[trigger.source]
            yield from arch.kind(trigger.source).trigger_checks(source, fn, trigger, arch, here)


def check(fn: Function, arch):
    path = ("components", fn.name)
    yield from _code(fn, path)
    yield from _dead_letter(fn, arch, path)
    yield from _environment(fn, arch, path)
    yield from _triggers(fn, arch, path)
