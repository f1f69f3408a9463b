"""Regenerate templates_out/ from examples/: python tests/update_goldens.py [EXAMPLE ...]

Each example's compiled output lives in templates_out/<example file stem>/ (two
examples may share an architecture name, as real projects do).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from awsarch_compiler.core import output  # noqa: E402
from awsarch_compiler.pipeline import Options, compile_file  # noqa: E402


def golden_dir(example: Path) -> Path:
    return ROOT / "templates_out" / example.stem


def main(names=()) -> int:
    """Regenerate all goldens, or only those of the named examples (file stems)."""
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        if names and example.stem not in names:
            continue
        result = compile_file(example, Options(out_dir=str(golden_dir(example))))
        errors = [f for f in result.findings if f.severity != "informational"]
        if errors:
            print(f"{example.name}: lint findings: {errors}")
            return 1
        if result.warnings:
            print(f"{example.name}: warnings: {[w.format() for w in result.warnings]}")
            return 1
        output.write(golden_dir(example), result.files)
        print(f"{example.name} -> templates_out/{example.stem}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
