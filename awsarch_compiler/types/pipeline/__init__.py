"""``pipeline``: a CodePipeline (V2) with CodeBuild steps, tests, approval and deploy actions.

The source is a CodeCommit repository, a CodeConnections repository (GitHub, GitLab, Bitbucket), an
S3 object or an ECR image tag; each build step is a CodeBuild project with its own role and log
group; ``approval`` asks ``monitoring.notify``; ``deploy`` hands the build output to each target's
type (``deploy_actions``), which knows how it is deployed. Artifacts live in a KMS-encrypted,
versioned, lifecycle-managed, TLS-only bucket. Everything lands in the pipeline's own nested stack.
"""
from __future__ import annotations

import copy

from ...core.model import Edge
from ..base import ComponentType
from . import checks, deploys, resources
from .codes import BLOCK, CODES
from .model import TYPE_NAME, Pipeline, remember_shapes


def _one_or_many(node: dict) -> dict:
    item = copy.deepcopy(node)
    description = item.pop("description")
    return {"description": description,
            "oneOf": [item, {"type": "array", "minItems": 1, "maxItems": 20, "items": copy.deepcopy(item)}]}


class PipelineType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Pipeline
    summary = ("CodePipeline V2: CodeCommit, connection, S3 or ECR source, CodeBuild steps, tests, approval, "
               "deploys by target type, encrypted artifact bucket, least-privilege roles, failure alarm")
    layer = "pipeline"
    uses_others = True

    def extend_schema(self, definition: dict, registry: dict) -> dict:
        for key in ("build", "deploy"):
            definition["properties"][key] = _one_or_many(definition["properties"][key])
        return definition

    def build(self, data: dict, name: str, kinds: dict) -> Pipeline:
        written, data = data, dict(data)
        for key in ("build", "deploy"):
            if isinstance(data.get(key), dict):
                data[key] = [data[key]]
        approval = data.get("approval")
        if approval is True:
            data["approval"] = {}
        elif approval is False:
            data.pop("approval")
        return remember_shapes(super().build(data, name, kinds), written)

    def edges(self, comp: Pipeline):
        for i, entry in enumerate(comp.deploy):
            yield Edge("deploy", comp.name, entry.target, comp.deploy_path(i) + ("target",), entry)

    def check(self, comp: Pipeline, arch):
        return checks.check_pipeline(comp, arch)

    def implied_grants(self, comp: Pipeline, ctx):
        return deploys.artifact_grants(comp, ctx)

    def generate(self, comp: Pipeline, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = PipelineType()
