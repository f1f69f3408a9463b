"""The diagnostic codes of the ``pipeline`` type: block 30, E3001 to E3099."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 30
CODES = {
    "E3001": Code("the source names no repository, bucket or image, or more than one",
                  "give exactly one of codecommit, connection (with repository), bucket (with key) or ecr"),
    "E3002": Code("a connection source has no repository, or a bucket source no key",
                  "add repository: owner/name (connection) or key: path/to/source.zip (bucket)"),
    "E3003": Code("the connection is not a CodeConnections connection ARN",
                  "copy the ARN from the console: arn:aws:codeconnections:REGION:ACCOUNT:connection/ID"),
    "E3004": Code("the connection is in another region than the architecture",
                  "create the connection in the architecture's region (connections are regional)"),
    "E3005": Code("a buildspec path leaves the repository (absolute, ~ or ..)",
                  "write the path relative to the repository root, such as buildspec.yml"),
    "E3006": Code("a build step has both buildspec and commands, or neither",
                  "give the buildspec file's path, or the commands to run"),
    "E3007": Code("two build steps have the same name", "name each step differently"),
    "E3008": Code("a deploy target's type cannot be deployed by a pipeline",
                  "deploy a container-service, instance-group, function or static-site"),
    "E3009": Code("the deploy strategy is not one the target's type offers", "use one of the strategies the message lists"),
    "E3010": Code("the target, as it is, cannot be deployed with the chosen strategy",
                  "change the target as the hint says, or choose another strategy"),
    "E3011": Code("approval is set and monitoring.notify names nobody to ask",
                  "add monitoring: {notify: [you@example.com]}"),
    "E3012": Code("a component is deployed by two deploy entries (in one pipeline or two)",
                  "deploy each component from exactly one pipeline"),
    "E3013": Code("deploy or test_commands is set without a build step to produce what they need",
                  "add build: {buildspec: buildspec.yml}"),
    "E3014": Code("a build step's uses asks a target for an access mode its type does not offer",
                  "use one of the modes the message lists"),
}
