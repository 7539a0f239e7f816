"""Shared fixtures: the registry, and helpers that run stages on text."""
from __future__ import annotations

from pathlib import Path

import pytest

from digest.clean import clean_seed
from digest.ingest import normalise
from digest.model import Seed
from digest.registry import Registry
from digest.script import TraditionalConverter, count_scripts
from digest.text import visible

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "corpus" / "hostile"
"""The hostile corpus (EXPECT.md says what each file must get); kept in the repo so nothing skips."""


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load(ROOT / "registry")


@pytest.fixture(scope="session")
def hant(registry) -> TraditionalConverter:
    return TraditionalConverter(registry.terms)


def make_seed(text: str, name: str = "t.txt") -> Seed:
    normal, counts = normalise(text)
    return Seed(path=f"seeds/{name}", stem=name.rsplit(".", 1)[0], encoding="utf-8", text=normal,
                script=count_scripts(normal).script, normalised=counts, input_chars=len(visible(text)))


@pytest.fixture
def clean(registry):
    def run(text: str):
        return clean_seed(make_seed(text), registry.noise)
    return run


# Property tests run the same 300 examples every time (locally and in CI), so a
# pull request never fails on a counter-example unrelated to it.
# HYPOTHESIS_PROFILE=deep explores 5,000 random texts: run it when changing a rule.
from hypothesis import settings  # noqa: E402

settings.register_profile("dev", max_examples=300, derandomize=True)
settings.register_profile("ci", max_examples=300, derandomize=True, print_blob=True)
settings.register_profile("deep", max_examples=5000)
import os  # noqa: E402

if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI"):
    settings.load_profile("ci")
else:
    settings.load_profile("dev")
