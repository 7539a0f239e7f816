"""Shared fixtures: the registry, the digest of seeds/ and the site, each built once per session,
and helpers that run stages on text."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from digest.build import build
from digest.clean import clean_seed
from digest.cli import main
from digest.ingest import normalise
from digest.model import Seed
from digest.registry import Registry
from digest.script import TraditionalConverter, count_scripts
from digest.site import EDITIONS, build_site
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


@pytest.fixture(scope="session")
def seeds_build():
    """The digest of seeds/ (``build``, no cache), built once for every test that reads it."""
    return build(ROOT, ROOT / "seeds")


HOSTILE_NAME = "政策`<img src=x onerror=alert(1)>`[a](javascript:alert(2)).txt"
"""A seed name no Windows checkout could hold, so the site fixture makes it rather than the corpus."""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A copy of the project whose seeds folder also holds the hostile corpus, built with
    build_digest.py and the three editions' ``mkdocs build --strict`` (``digest.site``), once per
    session for every test that inspects or browses the site. Returns the site folder."""
    tmp = tmp_path_factory.mktemp("site")
    for config, _ in EDITIONS:
        shutil.copy(ROOT / config, tmp / config)
    for name in ("overrides", "digest", "editorial", "registry", "templates"):
        os.symlink(ROOT / name, tmp / name)
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    for f in HOSTILE.glob("*.txt"):
        shutil.copy(f, seeds / f.name)
    (seeds / HOSTILE_NAME).write_text("示例区医疗器械产业园发布政策\n\n本报讯 园区到2027年产值目标为60亿元。\n",
                                      encoding="utf-8")
    assert main(["--seeds", str(seeds), "--out", str(tmp / "docs"), "--quiet"]) == 0
    assert build_site(tmp, tmp / "site", strict=True, quiet=True) == 0, "mkdocs build --strict failed"
    return tmp / "site"


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

if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI"):
    settings.load_profile("ci")
else:
    settings.load_profile("dev")
