"""The ``pipeline`` model: source, build steps, tests, approval and deploy targets, and its logical IDs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from ...core.model import Component, empty
from ...core.naming import logical_id

TYPE_NAME = "pipeline"
SOURCE_KINDS = ("codecommit", "connection", "bucket", "ecr")
COMPUTE = {"small": "BUILD_GENERAL1_SMALL", "medium": "BUILD_GENERAL1_MEDIUM",
           "large": "BUILD_GENERAL1_LARGE", "xlarge": "BUILD_GENERAL1_XLARGE", "2xlarge": "BUILD_GENERAL1_2XLARGE"}
DEFAULT_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0"  # the current Amazon Linux 2023 managed image


@dataclass(frozen=True, kw_only=True)
class Source:
    codecommit: Optional[str] = None
    connection: Optional[str] = None
    repository: Optional[str] = None
    bucket: Optional[str] = None
    key: Optional[str] = None
    ecr: Optional[str] = None
    tag: str = "latest"
    branch: str = "main"
    paths: tuple[str, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of source the DSL names (exactly one is valid)."""
        return tuple(k for k in SOURCE_KINDS if getattr(self, k) is not None)

    @property
    def kind(self) -> Optional[str]:
        return self.kinds[0] if len(self.kinds) == 1 else None


@dataclass(frozen=True, kw_only=True)
class BuildStep:
    name: str = "build"
    buildspec: Optional[str] = None
    commands: tuple[str, ...] = ()
    compute: str = "small"
    image: str = DEFAULT_IMAGE
    privileged: Optional[bool] = None
    environment: Mapping[str, Any] = empty()
    cache: bool = True
    log_retention_days: int = 30
    timeout_minutes: int = 60
    reports: tuple[str, ...] = ()
    uses: Mapping[str, str] = empty()


@dataclass(frozen=True, kw_only=True)
class Approval:
    message: Optional[str] = None
    url: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class Deploy:
    target: str
    strategy: Optional[str] = None
    batch: str = "one-at-a-time"
    traffic: str = "all-at-once"
    percent: int = 10
    minutes: int = 5
    rollback_alarms: bool = True


@dataclass(frozen=True, kw_only=True)
class Pipeline(Component):
    source: Source
    build: tuple[BuildStep, ...] = ()
    test_commands: tuple[str, ...] = ()
    approval: Optional[Approval] = None
    deploy: tuple[Deploy, ...] = ()
    artifact_retention_days: int = 30

    def build_path(self, index: int) -> tuple:
        """Where build step ``index`` is written: ``build`` itself when it is one mapping, else ``build[i]``."""
        return ("components", self.name, "build") + (() if SINGLE in _shapes(self, "build") else (index,))

    def deploy_path(self, index: int) -> tuple:
        return ("components", self.name, "deploy") + (() if SINGLE in _shapes(self, "deploy") else (index,))


SINGLE = "single"


def _shapes(comp, key: str) -> tuple:
    return getattr(comp, "_shapes", {}).get(key, ())


def remember_shapes(comp: Pipeline, data: dict) -> Pipeline:
    """Record which of ``build`` and ``deploy`` were written as one mapping rather than a list
    (not a field of the model: the schema allows both forms, the model holds the list)."""
    shapes = {key: (SINGLE,) for key in ("build", "deploy") if isinstance(data.get(key), dict)}
    object.__setattr__(comp, "_shapes", shapes)
    return comp


def pipeline_id(name: str) -> str:
    return logical_id(name, "Pipeline")


def project_id(name: str, step: str) -> str:
    return logical_id(name, step, "Project")


def artifact_bucket_id(name: str) -> str:
    return logical_id(name, "ArtifactBucket")


def artifact_key_id(name: str) -> str:
    return logical_id(name, "ArtifactKey")


def role_id(name: str) -> str:
    return logical_id(name, "PipelineRole")
