"""Serialisation, manifest and the atomic write.

Templates are rendered in CloudFormation's usual section order, resources
sorted by logical ID, resource attributes in their usual order and property
keys sorted, YAML with the short intrinsic forms (``!Ref``, ``!GetAtt``,
``!Sub``) a reviewer reads most easily. Nothing depends on time, the
machine, the working folder or the hash seed.

The write is all or nothing: files go to a temporary folder beside the
output folder, which is then swapped into place.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from .. import __version__
from . import emit
from .diagnostics import ArchError, Diagnostic

ATTRIBUTE_ORDER = ("Type", "Condition", "DependsOn", "Metadata", "Properties", "CreationPolicy",
                   "UpdatePolicy", "DeletionPolicy", "UpdateReplacePolicy")
MANIFEST = "manifest.json"


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def canonical(template: dict) -> dict:
    """Fix every order that has no meaning, so output is byte-for-byte stable."""
    out = dict(template)
    resources = {}
    for logical in sorted(template.get("Resources", {})):
        body = template["Resources"][logical]
        ordered = {k: body[k] for k in ATTRIBUTE_ORDER if k in body}
        for key in ("Properties", "Metadata"):
            if key in ordered:
                ordered[key] = _sorted(ordered[key])
        ordered.update({k: _sorted(v) for k, v in sorted(body.items()) if k not in ordered})
        resources[logical] = ordered
    out["Resources"] = resources
    for section in ("Parameters", "Outputs"):
        if section in out:
            out[section] = {k: _sorted(out[section][k]) for k in sorted(out[section])}
    return out


class _Dumper(yaml.SafeDumper):
    """The reference emitter (PyYAML's, in Python): ``emit`` must write exactly what it writes."""

    def ignore_aliases(self, data):
        return True

    def choose_scalar_style(self):
        # Short-form intrinsics (!Ref Name) read best unquoted when the value is plain-safe.
        event = self.event
        if event.tag and event.tag.startswith("!") and not event.style:
            if self.analysis is None:
                self.analysis = self.analyze_scalar(event.value)
            if not self.analysis.empty and not self.analysis.multiline and self.analysis.allow_block_plain \
                    and self.analysis.allow_flow_plain:
                return ""
        return super().choose_scalar_style()


def _represent_str(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_dict(dumper, data):
    if len(data) == 1:
        (key, arg), = data.items()
        tag = None
        if key == "Ref":
            tag = "!Ref"
        elif key.startswith("Fn::"):
            tag = "!" + key[4:]
        elif key == "Condition" and isinstance(arg, str):
            tag = None
        if tag == "!GetAtt" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            return dumper.represent_scalar(tag, ".".join(arg), style=emit.tagged_style(".".join(arg)))
        if tag:
            if isinstance(arg, str):
                return dumper.represent_scalar(tag, arg, style="|" if "\n" in arg else emit.tagged_style(arg))
            if isinstance(arg, list):
                return dumper.represent_sequence(tag, arg)
            if isinstance(arg, dict):
                return dumper.represent_mapping(tag, arg.items())
            return dumper.represent_scalar(tag, json.dumps(arg), style=emit.tagged_style(json.dumps(arg)))
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items())


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)


def render(template: dict, fmt: str = "yaml", fast: bool = True) -> str:
    """The template as text; ``fast=False`` uses the pure-Python emitter (the same bytes, slower)."""
    data = canonical(template)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fast:
        try:
            return emit.dump(data)
        except emit.Unsure:
            pass
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=10_000)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest(arch_name: str, source_name: str, files: dict, stats: dict, lint: dict) -> str:
    data = {
        "architecture": arch_name,
        "source": os.path.basename(source_name),
        "compiler": f"awsarch-compile {__version__}",
        "templates": [
            {"file": name, "sha256": sha256(text), "bytes": len(text.encode("utf-8")), **stats[name]}
            for name, text in files.items()
        ],
        "lint": lint,
    }
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def _is_ours(folder: Path) -> bool:
    if not any(folder.iterdir()):
        return True
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("compiler", "")).startswith("awsarch-compile")


def _not_a_folder(out: Path) -> Path | None:
    """``out`` or the nearest of its parents that exists, when that is not a folder (-o FILE/out)."""
    for path in (out, *out.absolute().parents):
        if path.exists() or path.is_symlink():
            return None if path.is_dir() else path
    return None


def write(out_dir: str | Path, files: dict) -> Path:
    """Write ``files`` (name -> text) as the whole new content of ``out_dir``."""
    out = Path(out_dir)
    blocker = _not_a_folder(out)
    if blocker is not None:
        raise ArchError([Diagnostic("E701", f"'{blocker}' exists and is not a folder", (), str(out))])
    if out.is_dir() and not _is_ours(out):
        raise ArchError([Diagnostic("E702", f"refusing to replace '{out}': it holds files that "
                                            "awsarch-compile did not write (no manifest.json of ours)",
                                    (), str(out), hint="choose an empty or new folder with -o")])
    tmp = None
    try:  # creating the parent and the temporary folder fails like any other write (-o /proc/x, -o FILE/out)
        parent = out.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
        for name, text in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)  # a region's folder (disaster_recovery:)
            with open(tmp / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.rmdir(old)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise ArchError([Diagnostic("E703", f"cannot write '{out}': {exc.strerror or exc}", (), str(out))])
    return out
