"""The serve hook (digest/mkdocs_hooks.py): under ``mkdocs serve`` a stale translation is one line,
printed once, on a logger that MkDocs' strict mode does not count, so the preview goes on."""
from __future__ import annotations

import logging
import os
import shutil
from types import SimpleNamespace

import pytest

from conftest import ROOT
from digest import mkdocs_hooks as hooks


class Counter(logging.Handler):
    """What MkDocs' strict mode does: count WARNING and above on the ``mkdocs`` logger."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name in ("registry", "templates"):
        os.symlink(ROOT / name, tmp_path / name)
    for name in ("seeds", "editorial"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    for name, value in (("_serving", False), ("_last_inputs", ()), ("_shown", set())):
        monkeypatch.setattr(hooks, name, value)
    counter = Counter()
    logging.getLogger("mkdocs").addHandler(counter)
    yield tmp_path, counter
    logging.getLogger("mkdocs").removeHandler(counter)
    for handler in list(hooks.log.handlers):
        hooks.log.removeHandler(handler)


def test_a_stale_translation_is_one_line_once_and_not_counted_by_strict(project, capfd):
    root, strict = project
    config = SimpleNamespace(config_file_path=str(root / "mkdocs.yml"))
    hooks.on_startup(command="serve", dirty=False)
    hooks.on_pre_build(config)
    assert (root / "docs" / "zh" / "index.md").is_file()
    capfd.readouterr()

    seed = root / "seeds" / "004_7bf530bae955a6a4.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("六百余位", "七百余位", 1), encoding="utf-8")
    hooks.on_pre_build(config)
    hooks.on_pre_build(config)  # the rebuild that serve starts when docs/ changes: nothing new to say
    err = capfd.readouterr().err.splitlines()
    stale = [line for line in err if "stale" in line]
    assert len(stale) == 1, err
    assert stale[0].startswith("WARNING -  digest: editorial/004-7bf530bae955a6a4.yml:")
    assert "translation of p1 is stale" in stale[0] and "set source:" in stale[0]
    assert strict.records == [], "strict mode would abort the rebuild"
    assert "七百余位" in (root / "docs" / "zh" / "documents" / "004-7bf530bae955a6a4.md").read_text(encoding="utf-8")


def test_mkdocs_build_runs_no_digest_build(project):
    root, _ = project
    hooks.on_startup(command="build", dirty=False)
    hooks.on_pre_build(SimpleNamespace(config_file_path=str(root / "mkdocs.yml")))
    assert not (root / "docs").exists()


def test_serve_keeps_only_the_lines_an_editor_acts_on():
    keep = hooks.ServeSummary().filter
    record = lambda level, msg: logging.LogRecord("mkdocs.x", level, "", 0, msg, (), None)  # noqa: E731
    assert keep(record(logging.INFO, "[01:17:10] Serving on http://127.0.0.1:8000/digest/"))
    assert keep(record(logging.INFO, "Documentation built in 0.71 seconds"))
    assert not keep(record(logging.INFO, "Building documentation..."))
    assert not keep(record(logging.INFO, "[01:17:10] Watching paths for changes: 'docs/zh'"))
    assert keep(record(logging.WARNING, "Doc file 'a.md' contains a link 'b.md', but the target is not found"))
