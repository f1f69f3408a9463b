"""Property-based robustness: no input makes the compiler raise anything but its own ArchError.

Structural mutations of every example and documents generated from the schema go through the
whole pipeline but cfn-lint (tests/fuzzing.py). Each must either compile to strict JSON (no NaN
or Infinity) or be rejected with diagnostics from the catalogue, within hypothesis's 2-second
deadline per case. The run is seeded (``derandomize``), so CI sees the same 1,600 cases every
time (about two minutes); ``python benchmarks/fuzz.py`` runs a longer, randomly seeded campaign.
"""
import os

from hypothesis import HealthCheck, given, settings

from fuzzing import compile_text, mutants, schema_documents

SCALE = float(os.environ.get("AWSARCH_FUZZ_SCALE", "1"))  # benchmarks/fuzz.py raises it
SEEDED = not os.environ.get("AWSARCH_FUZZ_RANDOM")  # benchmarks/fuzz.py passes its own seed
CI_SETTINGS = dict(derandomize=SEEDED, database=None, deadline=2000,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                          HealthCheck.data_too_large])


@settings(max_examples=int(1200 * SCALE), **CI_SETTINGS)
@given(mutants())
def test_mutated_examples_compile_or_fail_cleanly(text):
    assert compile_text(text) in ("compiled", "rejected")


@settings(max_examples=int(400 * SCALE), **CI_SETTINGS)
@given(schema_documents())
def test_schema_generated_documents_compile_or_fail_cleanly(text):
    assert compile_text(text) in ("compiled", "rejected")
