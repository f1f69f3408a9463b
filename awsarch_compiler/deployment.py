"""How to deploy a compiled output folder: the root template, its parameters and the exact commands.

The compile summary prints these so that nobody has to guess which file is
the root (always ``<name>.yaml`` or ``.json``, listed first in the manifest),
which root parameters need a value (those without a ``Default``) and what
to run. Relative TemplateURLs (the default) are for ``aws cloudformation
package`` + ``deploy``; with ``--template-url-base`` the templates are
uploaded as they are and the stack is created from the root's URL.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

from .core.stacks import INLINE_LIMIT

S3_VIRTUAL_HOST = re.compile(r"^https://([a-z0-9][a-z0-9.-]+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(/.*)?$")
S3_PATH_STYLE = re.compile(r"^https://s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com/([a-z0-9][a-z0-9.-]+)(/.*)?$")
CAPABILITIES = "CAPABILITY_IAM"  # the nested stacks create IAM roles (unnamed)
PACKAGED_URL_BYTES = 120  # what package's S3 URL adds to a nested stack's TemplateURL, at most


def s3_uri(url_base: str) -> str | None:
    """``https://bucket.s3.amazonaws.com/prefix`` -> ``s3://bucket/prefix`` (None for another host)."""
    base = url_base.rstrip("/")
    match = S3_VIRTUAL_HOST.match(base) or S3_PATH_STYLE.match(base)
    if not match:
        return None
    return f"s3://{match.group(1)}{match.group(2) or ''}"


def required(root_parameters: dict) -> list[str]:
    """The root parameters without a default: each one needs a value at deploy time."""
    return [name for name, body in sorted(root_parameters.items()) if "Default" not in body]


def commands(name: str, root: str, out_dir: str, root_parameters: dict, url_base: str | None,
             large_root: bool = False) -> list[str]:
    """The shell commands that deploy the folder (placeholders in capitals: BUCKET, VALUE); a root too large
    to send inline (``large_root``) is deployed through the bucket too."""
    needed = required(root_parameters)
    q = shlex.quote
    if url_base is None:
        packaged = f"{name}.packaged.yaml"
        deploy = (f"aws cloudformation deploy --template-file {q(packaged)} --stack-name {q(name)} "
                  f"--capabilities {CAPABILITIES}" + (" --s3-bucket BUCKET" if large_root else ""))
        if needed:
            deploy += " --parameter-overrides " + " ".join(f"{p}=VALUE" for p in needed)
        return [f"aws cloudformation package --template-file {q(str(Path(out_dir) / root))} --s3-bucket BUCKET "
                f"--output-template-file {q(packaged)}", deploy]
    base = url_base.rstrip("/")
    target = s3_uri(base)
    upload = (f"aws s3 cp {q(out_dir)} {q(target)} --recursive --exclude manifest.json" if target else
              f"# upload every template of {out_dir}/ (not manifest.json) to {base}/")
    create = (f"aws cloudformation create-stack --stack-name {q(name)} --template-url {q(base + '/' + root)} "
              f"--capabilities {CAPABILITIES}")
    if needed:
        create += " --parameters " + " ".join(f"ParameterKey={p},ParameterValue=VALUE" for p in needed)
    return [upload, create]


def summary_lines(result, out_dir: Path, url_base: str | None) -> list[str]:
    root = next(iter(result.files))
    folder = out_dir.as_posix()
    lines = [f"  root template: {folder}/{root}"]
    params = result.root_parameters
    for name in required(params):
        lines.append(f"  root parameter {name} needs a value: {params[name].get('Description', '')}".rstrip(": "))
    defaults = [n for n in sorted(params) if n not in required(params)]
    if defaults:
        lines.append(f"  root parameters with a default: {', '.join(defaults)}")
    lines.append("  deploy:")
    large = len(result.files[root].encode("utf-8")) + PACKAGED_URL_BYTES * len(result.stats) > INLINE_LIMIT
    lines += [f"    {line}" for line in commands(result.arch.name, root, folder, params, url_base, large)]
    return lines
