"""Local code paths (a function's ``code: src/app``): where they are and how the templates name them.

A path in the DSL is relative to the architecture file's folder, where the
user keeps their code. ``aws cloudformation package`` resolves a local path
in a template from the template's own folder, so the compiled templates name
the same folder relative to the output folder (``../../src/app``). Nothing
is copied into the output folder, and nothing the user wrote can live there:
every compile replaces that folder, so a path inside it is an error.

With ``--template-url-base`` the templates are uploaded as they are, nobody
packages them, and CloudFormation would reject a local path: there it is an
error, unless the code is an ``s3://`` URI.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic, error, warning


@dataclass(frozen=True)
class CodePaths:
    """Where the architecture file and the output folder are (absolute), and whether templates are packaged."""

    arch_dir: str
    out_dir: str
    packaged: bool = True  # False with --template-url-base: the templates are uploaded unpackaged


def locate(arch_file: str | None, out_dir: str | Path, packaged: bool = True) -> CodePaths:
    """The :class:`CodePaths` of a compile of ``arch_file`` (None: text with no file) into ``out_dir``."""
    arch_dir = Path(arch_file).parent if arch_file and not arch_file.startswith("<") else Path(".")
    return CodePaths(os.path.abspath(arch_dir), os.path.abspath(out_dir), packaged)


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def target(paths: CodePaths, code: str) -> str:
    """The absolute path DSL ``code`` names."""
    return os.path.normpath(os.path.join(paths.arch_dir, code))


def resolve(paths: CodePaths | None, code: str, dsl_path: tuple) -> tuple[str, list[Diagnostic]]:
    """The path to write into the template for DSL ``code``, and what is wrong with it (nothing is read)."""
    if paths is None:
        return code, []
    if not paths.packaged:
        return code, [error("E404", f"the local code path '{code}' cannot be deployed with --template-url-base: "
                                    "the templates are uploaded unpackaged and CloudFormation needs code in S3",
                            dsl_path, "upload the .zip and write code: s3://BUCKET/KEY.zip, or compile without "
                                      "--template-url-base and run aws cloudformation package, which uploads the "
                                      "code and the templates and writes S3 URLs for both")]
    where = target(paths, code)
    if _inside(where, paths.out_dir):
        return code, [error("E405", f"the code path '{code}' is inside the output folder, which every compile "
                                    "replaces", dsl_path,
                            "keep the code beside the architecture file, outside the output folder (-o DIR)")]
    try:
        relative = PurePosixPath(Path(os.path.relpath(where, paths.out_dir)).as_posix())
    except ValueError:  # another drive: no relative path exists
        return code, [error("E406", f"the code path '{code}' is on another drive than the output folder, so no "
                                    "relative path can name it", dsl_path,
                            "put the output folder (-o DIR) on the same drive as the code")]
    return str(relative), []


def missing(paths: CodePaths | None, code_paths: list) -> list[Diagnostic]:
    """W403 for each ``(dsl_path, code)`` whose folder or file does not exist (this one reads the disk,
    so the command line calls it after the pure stages)."""
    out = []
    for dsl_path, code in code_paths:
        where = target(paths, code) if paths is not None else code
        if not os.path.exists(where):
            out.append(warning("W403", f"the code path '{code}' does not exist beside the architecture file "
                                       f"(looked for {Path(os.path.relpath(where)).as_posix()})", dsl_path,
                               "create it before aws cloudformation package runs, or fix the path; it is "
                               "relative to the architecture file's folder"))
    return out
