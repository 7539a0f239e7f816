"""Attacks, one class per section: what a hostile contributor or an unlucky operator can do.

Every test here runs in a fresh clone (nothing reads outside the repository) and
none is skipped. The rule for all of them: no traceback, no unsafe output, no lost
or misattributed paragraph, no half-written docs/.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from digest import writer
from digest.build import build
from digest.cache import Cache, version
from digest.cli import main
from conftest import ROOT

SEED = "园区到2027年产值目标为60亿元。\n示例区医疗器械产业园发布政策，支持医疗器械企业发展。\n"


def seeds_dir(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (seeds / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return seeds


def run(tmp_path: Path, seeds: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["--seeds", str(seeds), "--out", str(tmp_path / "docs"), "--quiet", "--no-cache", *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- faults

@pytest.fixture
def built_once(tmp_path, capsys):
    seeds = seeds_dir(tmp_path, {"a.txt": SEED})
    assert run(tmp_path, seeds, capsys)[0] == 0
    (seeds / "b.txt").write_text(SEED.replace("60", "70"), encoding="utf-8")
    return seeds, snapshot(tmp_path / "docs")


def _failing_open(after: int, error: BaseException):
    calls = {"n": 0}
    real = open

    def fake(path, mode="r", *a, **k):
        if "w" in mode and ".building-" in str(path):
            calls["n"] += 1
            if calls["n"] > after:
                raise error
        return real(path, mode, *a, **k)
    return fake


def test_an_interrupted_build_says_so_in_one_line(tmp_path, capsys, monkeypatch, built_once):
    seeds, before = built_once
    monkeypatch.setattr(writer, "open", _failing_open(3, KeyboardInterrupt()), raising=False)
    code, err = run(tmp_path, seeds, capsys)
    assert code == 130 and err.strip() == "interrupted; docs/ is as the last finished build left it"
    assert snapshot(tmp_path / "docs") == before


def test_an_unreadable_seeds_folder_is_one_line(tmp_path, capsys, monkeypatch):
    seeds = seeds_dir(tmp_path, {"a.txt": SEED})

    real = Path.iterdir

    def refuse(self):
        if self == seeds:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self)
    monkeypatch.setattr(Path, "iterdir", refuse)
    code, err = run(tmp_path, seeds, capsys)
    assert code == 2 and err.strip() == f"{seeds}: the seeds folder cannot be read (Permission denied); " \
                                        "check its permissions"


@pytest.mark.parametrize("fault", ["disk full", "read-only", "killed"])
def test_a_fault_while_writing_leaves_docs_whole(tmp_path, capsys, monkeypatch, built_once, fault):
    seeds, before = built_once
    if fault == "disk full":
        monkeypatch.setattr(writer, "open", _failing_open(3, OSError(errno.ENOSPC, "No space left on device")),
                            raising=False)
    elif fault == "read-only":
        def refuse(*_):
            raise PermissionError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(writer.os, "replace", refuse)
    else:
        monkeypatch.setattr(writer, "open", _failing_open(3, KeyboardInterrupt()), raising=False)
    if fault == "killed":  # as far as Python can see a kill: an exception in the middle of writing
        from digest.build import build as real_build
        with pytest.raises(KeyboardInterrupt):
            writer.write_tree(tmp_path / "docs", real_build(ROOT, seeds).pages)
    else:
        code, err = run(tmp_path, seeds, capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1
        assert err.startswith(f"{tmp_path / 'docs'}: cannot be written") and "left as it was" in err
    assert snapshot(tmp_path / "docs") == before
    monkeypatch.undo()
    assert run(tmp_path, seeds, capsys)[0] == 0   # the next build recovers and finishes
    assert "documents/b.md" in {k[3:] for k in snapshot(tmp_path / "docs")}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".docs.")]


def test_a_docs_folder_that_cannot_be_renamed_is_written_file_by_file(tmp_path, capsys, monkeypatch, built_once):
    seeds, _ = built_once
    real = os.replace

    def busy(src, dst):
        if Path(src) == tmp_path / "docs":
            raise OSError(errno.EBUSY, "Device or resource busy")   # a bind mount
        return real(src, dst)
    monkeypatch.setattr(writer.os, "replace", busy)
    code, err = run(tmp_path, seeds, capsys)
    assert code == 0, err
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    writer.write_tree(fresh, build(ROOT, seeds).pages)
    assert snapshot(tmp_path / "docs") == snapshot(fresh)


def test_a_build_killed_between_the_two_renames_is_finished_by_the_next(tmp_path, capsys, built_once):
    seeds, before = built_once
    os.replace(tmp_path / "docs", tmp_path / ".docs.previous")
    assert run(tmp_path, seeds, capsys)[0] == 0
    assert (tmp_path / "docs" / "zh" / "documents" / "b.md").is_file()
    assert not (tmp_path / ".docs.previous").exists()


def test_unchanged_files_keep_their_inode(tmp_path, capsys, built_once):
    seeds, _ = built_once
    glossary = tmp_path / "docs" / "zh" / "glossary.md"
    inode = glossary.stat().st_ino
    assert run(tmp_path, seeds, capsys)[0] == 0
    assert glossary.stat().st_ino == inode


@pytest.mark.parametrize("damage", ["truncated", "garbage", "tampered"])
def test_a_bad_cache_entry_is_recomputed_not_used(tmp_path, damage):
    import pickle

    from digest.cache import verified
    cache_dir = tmp_path / "cache"
    clean = build(ROOT, ROOT / "seeds", Cache(cache_dir, version(ROOT))).pages
    for entry in sorted(cache_dir.rglob("*.pickle")):
        data = entry.read_bytes()
        if damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            entry.write_bytes(os.urandom(len(data)))
        else:  # a valid pickle of another value, under the old header: what an edit by hand gives
            header = b"\n".join(data.split(b"\n", 3)[:3])
            assert verified(data, entry.stem) is not None
            entry.write_bytes(header + b"\n" + pickle.dumps({"zh/index.md": "<script>alert(1)</script>"}))
    again = Cache(cache_dir, version(ROOT))
    assert build(ROOT, ROOT / "seeds", again).pages == clean
    assert again.hits == 0 and again.rejected > 0
    third = Cache(cache_dir, version(ROOT))
    build(ROOT, ROOT / "seeds", third)
    assert third.misses == 0   # rewritten good


def test_an_unwritable_cache_only_slows_the_build(tmp_path, monkeypatch, seeds_build):
    from digest import cache as cache_module

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(cache_module.Path, "write_bytes", full)
    c = Cache(tmp_path / "cache", version(ROOT))
    assert build(ROOT, ROOT / "seeds", c).pages == seeds_build.pages
    assert c.unwritable > 0


def test_an_editorial_title_change_reaches_the_cached_cleaning_record(tmp_path):
    project = project_copy(tmp_path)
    cache_dir = tmp_path / "cache"
    build(project, project / "seeds", Cache(cache_dir, version(ROOT)))
    target = sorted((project / "editorial").glob("*.yml"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\ntitle: 编辑改过的标题\n", encoding="utf-8")
    pages = build(project, project / "seeds", Cache(cache_dir, version(ROOT))).pages
    assert any("编辑改过的标题" in text for rel, text in pages.items() if rel.startswith("zh/sources/"))


# --------------------------------------------------------------------------- YAML

def registry_copy(tmp_path: Path) -> Path:
    reg = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", reg)
    return reg


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize("name,text,expect", [
    ("parks.yml", BOMB, "aliases expand to more than"),
    ("parks.yml", "parks:\n  - &a {id: x}\n" + "".join("  - *a\n" for _ in range(150)), "more than 100 aliases"),
    ("parks.yml", "parks: []\nparks: []\n", "duplicate key 'parks' (first on line 1)"),
    ("parks.yml", "", "registry file is empty"),
    ("sectors.yml", "# nothing but a comment\n", "registry file is empty"),
    ("parks.yml", "parks: &a [*a]\n", "invalid YAML"),
    ("parks.yml", "[" * 5000 + "]" * 5000, "invalid YAML"),
    ("noise.yml", b"site_chrome: [\xff\xfe]\n", "is not UTF-8"),
])
def test_a_hostile_registry_file_fails_fast_in_one_line(tmp_path, name, text, expect):
    import time

    from digest.errors import RegistryError
    from digest.registry import Registry
    reg = registry_copy(tmp_path)
    (reg / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    started = time.perf_counter()
    with pytest.raises(RegistryError) as err:
        Registry.load(reg)
    assert time.perf_counter() - started < 5
    message = str(err.value)
    assert expect in message and "\n" not in message and message.startswith(str(reg / name))


def test_a_duplicate_key_names_its_line(tmp_path):
    from digest.errors import RegistryError
    from digest.registry import Registry
    reg = registry_copy(tmp_path)
    (reg / "topic.yml").write_text("min_body_hits: 3\nterms: [医疗器械]\nmin_body_hits: 1\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"topic.yml:3: invalid YAML \(duplicate key 'min_body_hits'"):
        Registry.load(reg)


def test_a_duplicate_park_id_is_refused(tmp_path):
    from digest.errors import RegistryError
    from digest.registry import Registry
    reg = registry_copy(tmp_path)
    text = (reg / "parks.yml").read_text(encoding="utf-8")
    first = text.index("  - id:")
    end = text.index("  - id:", first + 1)
    (reg / "parks.yml").write_text(text + "\n" + text[first:end].replace("name: ", "name: 另一个"),
                                   encoding="utf-8")
    with pytest.raises(RegistryError, match=r"parks.yml:\d+: park id [a-z0-9-]+ is used twice"):
        Registry.load(reg)


@pytest.mark.parametrize("name,old,new,expect", [
    ("parks.yml", "    aliases: []\n", "    alias: [联影]\n", r"parks.yml:\d+: unknown key 'alias' in a park"),
    ("regions.yml", "    en: Shanghai\n", "    en: Shanghai\n    nmae: 沪\n", r"unknown key 'nmae' in a region"),
    ("site.yml", "title_en:", "titel_en:", r"site.yml:\d+: unknown key 'titel_en' in site.yml"),
    ("sectors.yml", 'en: "surgical robots"', "en: 3", r"sector 'en' must be a non-empty English name"),
    ("glossary.yml", "note:", "notes:", r"unknown key 'notes' in a glossary term"),
    ("parks.yml", "id: united-imaging-town", "id: index", r"park id 'index' names the site's list page"),
])
def test_a_misspelt_registry_key_is_refused_with_its_line(tmp_path, name, old, new, expect):
    from digest.errors import RegistryError
    from digest.registry import Registry
    reg = registry_copy(tmp_path)
    text = (reg / name).read_text(encoding="utf-8")
    assert old in text
    (reg / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegistryError, match=expect):
        Registry.load(reg)


@pytest.mark.parametrize("name", ["parks.yaml", "park.yml", "notes.txt"])
def test_a_registry_file_the_build_would_ignore_is_reported(tmp_path, name):
    from digest.errors import RegistryError
    from digest.registry import Registry
    reg = registry_copy(tmp_path)
    (reg / name).write_text("parks: []\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="is not a registry file the build reads"):
        Registry.load(reg)


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    project.mkdir()
    for name in ("registry", "templates"):
        os.symlink(ROOT / name, project / name)
    shutil.copytree(ROOT / "seeds", project / "seeds")
    shutil.copytree(ROOT / "editorial", project / "editorial")
    return project


@pytest.mark.parametrize("text,expect", [
    (BOMB, "aliases expand to more than"),
    ("title: 一\ntitle: 二\n", "duplicate key 'title'"),
    ("title: 标\x07题\n", "invalid YAML"),
    ("notes: " + "[" * 3000 + "]" * 3000 + "\n", "invalid YAML"),
    ("seed: !!python/object/apply:os.system ['echo pwned']\n", "invalid YAML"),
    ('title: "标\\x0b题"\n', "control character U+000B in a string"),
])
def test_a_hostile_editorial_file_fails_fast_in_one_line(tmp_path, text, expect):
    from digest.errors import EditorialError
    project = project_copy(tmp_path)
    target = sorted((project / "editorial").glob("*.yml"))[0]
    target.write_text(text, encoding="utf-8")
    with pytest.raises(EditorialError) as err:
        build(project, project / "seeds")
    assert expect in str(err.value) and "\n" not in str(err.value)


def test_an_editorial_yaml_file_is_reported_not_ignored(tmp_path):
    from digest.errors import EditorialError
    project = project_copy(tmp_path)
    target = sorted((project / "editorial").glob("*.yml"))[0]
    target.rename(target.with_suffix(".yaml"))
    with pytest.raises(EditorialError, match=r"\.yaml: is not read: editorial files end in \.yml"):
        build(project, project / "seeds")


@pytest.mark.parametrize("doc_type", ["news", "plan", "policy", "report", "interview"])
def test_every_doc_type_the_schema_allows_renders(tmp_path, doc_type):
    project = project_copy(tmp_path)
    target = sorted((project / "editorial").glob("*.yml"))[0]
    target.write_text(target.read_text(encoding="utf-8") + f"\ndoc_type: {doc_type}\n", encoding="utf-8")
    pages = build(project, project / "seeds").pages
    assert any(f"doc_type: {doc_type}" in text for text in pages.values())


def test_the_schema_and_the_pages_know_the_same_doc_types():
    from digest.annotate import DOC_TYPES, SCHEMA
    assert json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]["doc_type"]["enum"] == list(DOC_TYPES)


# --------------------------------------------------------------------------- names and encodings

def report_of(tmp_path: Path) -> dict:
    data = json.loads((tmp_path / "docs" / "zh" / "reports" / "build-report.json").read_text(encoding="utf-8"))
    return {Path(e["seed"]).name: e for e in data["seeds"]}


def all_pages(tmp_path: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "docs").rglob("*")
                     if p.is_file() and p.suffix in (".md", ".xml", ".json", ".csv"))


HK = "範例市醫療器械產業園區發展計畫，佢哋嘅目標係到2028年產業規模達到150億元。園區支持醫療器械企業。\n"


@pytest.mark.parametrize("codec,name", [("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                        ("utf-32", "utf-32-le"), ("utf-32-be", "utf-32-be")])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, capsys, codec, name):
    data = SEED.encode(codec)
    if codec.endswith("-be"):
        data = ("\ufeff" + SEED).encode(codec)
    seeds = seeds_dir(tmp_path, {"wide.txt": data})
    assert run(tmp_path, seeds, capsys)[0] == 0
    entry = report_of(tmp_path)["wide.txt"]
    assert entry["status"] == "published" and entry["encoding"] == name


def test_a_hong_kong_character_does_not_turn_big5_into_mojibake(tmp_path, capsys):
    seeds = seeds_dir(tmp_path, {"hk.txt": HK.encode("big5hkscs")})
    assert run(tmp_path, seeds, capsys)[0] == 0
    entry = report_of(tmp_path)["hk.txt"]
    assert entry["encoding"] == "big5-hkscs"
    assert "佢哋嘅目標係到2028年" in all_pages(tmp_path)


def test_gb18030_four_byte_characters_are_read(tmp_path, capsys):
    text = SEED + "㐀𠀀医疗器械。\n"
    seeds = seeds_dir(tmp_path, {"g.txt": text.encode("gb18030")})
    assert run(tmp_path, seeds, capsys)[0] == 0
    assert report_of(tmp_path)["g.txt"]["encoding"] == "gb18030"


def test_control_characters_anywhere_are_removed_and_counted(tmp_path, capsys):
    from xml.dom import minidom
    filler = "示例区医疗器械产业园支持企业发展。\n" * 4000          # > 64 KiB before the controls
    text = filler + "园区到2027年产值\x0b目标为60亿元\x00。\x1b[31m\x85\n"
    seeds = seeds_dir(tmp_path, {"c.txt": text})
    assert run(tmp_path, seeds, capsys)[0] == 0
    entry = report_of(tmp_path)["c.txt"]
    assert entry["normalised"]["control"] == 4 and entry["characters"]["balanced"]
    pages = all_pages(tmp_path)
    assert not any(ch in pages for ch in "\x0b\x00\x1b\x85")
    for feed in (tmp_path / "docs").rglob("feed.xml"):
        minidom.parse(str(feed))  # valid XML


def test_a_symlink_is_refused_and_reveals_nothing(tmp_path, capsys):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SEED, encoding="utf-8")
    seeds = seeds_dir(tmp_path, {"a.txt": SEED})
    os.symlink(secret, seeds / "link.txt")
    os.symlink(tmp_path / "nowhere", seeds / "dangling.txt")
    code, err = run(tmp_path, seeds, capsys)
    assert code == 0
    entries = report_of(tmp_path)
    assert entries["link.txt"]["status"] == entries["dangling.txt"]["status"] == "not-a-file"
    assert "symbolic link" in entries["link.txt"]["reason"]
    assert str(secret.parent) not in all_pages(tmp_path) and "outside" not in err


def test_a_pipe_and_a_folder_are_refused_not_read(tmp_path, capsys):
    seeds = seeds_dir(tmp_path, {"a.txt": SEED})
    os.mkfifo(seeds / "pipe.txt")  # reading it would block the build for ever
    (seeds / "drafts").mkdir()
    code, err = run(tmp_path, seeds, capsys)
    assert code == 0
    entries = report_of(tmp_path)
    assert entries["pipe.txt"]["status"] == entries["drafts"]["status"] == "not-a-file"
    assert len([line for line in err.splitlines() if "not-a-file" in line or "pipe" in line]) >= 1


@pytest.mark.parametrize("raw,shown", [("政策.txt".encode("gbk"), "政策.txt"), (b"a\xff\xfe.txt", "a\\xff\\xfe.txt"),
                                       (b"line\nbreak.txt", "line\\x0abreak.txt")])
def test_any_file_name_is_reported_readably(tmp_path, capsys, raw, shown):
    seeds = seeds_dir(tmp_path, {})
    (seeds / os.fsdecode(raw)).write_text(SEED, encoding="utf-8")
    code, err = run(tmp_path, seeds, capsys)
    assert code == 0
    entries = report_of(tmp_path)
    assert shown in entries and entries[shown]["status"] == "published"


# --------------------------------------------------------------------------- unescaped values

PAYLOAD = "<img src=x onerror=alert(1)>`x`[a](javascript:alert(2))**b**|c"


class _Tags:
    """Tags and attributes of an HTML fragment (html.parser: what a browser would build)."""

    def __init__(self, text: str):
        from html.parser import HTMLParser
        self.tags: list[tuple[str, dict]] = []
        outer = self

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                outer.tags.append((tag, dict(attrs)))
        P().feed(text)


def page_html(markdown_text: str) -> str:
    """A generated page as the site's Markdown extensions render it."""
    import markdown
    body = markdown_text.split("---\n", 2)[2] if markdown_text.startswith("---\n") else markdown_text
    return markdown.markdown(body, extensions=["attr_list", "admonition", "pymdownx.details", "tables", "toc"])


def assert_safe(pages: dict[str, str]) -> int:
    checked = 0
    for rel, text in pages.items():
        if not rel.endswith(".md"):
            continue
        rendered = page_html(text)
        assert "<strong>b</strong>" not in rendered and "<code>x</code>" not in rendered, rel
        for tag, attrs in _Tags(rendered).tags:
            assert tag not in ("img", "script", "iframe"), (rel, tag)
            assert not any(k.startswith("on") for k in attrs), (rel, tag, attrs)
            assert not any((v or "").strip().lower().startswith("javascript") for v in attrs.values()), (rel, attrs)
        if text.startswith("---\n"):
            import yaml
            title = yaml.safe_load(text.split("---\n", 2)[1]).get("title") or ""
            assert "<" not in str(title), (rel, title)   # MkDocs themes print titles raw
        checked += 1
    return checked


def test_a_hostile_seed_file_name_stays_text_in_every_edition(tmp_path):
    seeds = seeds_dir(tmp_path, {f"政策{PAYLOAD}.txt": SEED})
    result = build(ROOT, seeds)
    assert assert_safe(result.pages) > 20
    page = next(t for r, t in result.pages.items() if r.startswith("zh/documents/") and "index" not in r)
    assert "<code>" in page_html(page) and "&#60;img" in page_html(page)


def test_registry_and_editorial_values_stay_text(tmp_path):
    import yaml
    project = tmp_path / "p"
    project.mkdir()
    os.symlink(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "registry", project / "registry")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    shutil.copytree(ROOT / "editorial", project / "editorial")
    reg = project / "registry"
    parks = (reg / "parks.yml").read_text(encoding="utf-8")
    parks = parks.replace("name: 上海械谷\n", f"name: 上海械谷{PAYLOAD}\n", 1)
    parks = parks.replace("en: Shanghai Medical Device Valley", f"en: \"Valley {PAYLOAD}\"", 1)
    parks = parks.replace("kind: 产业园区\n", f"kind: \"园区{PAYLOAD}\"\n", 1)
    (reg / "parks.yml").write_text(parks, encoding="utf-8")
    regions = (reg / "regions.yml").read_text(encoding="utf-8")
    (reg / "regions.yml").write_text(regions.replace("en: Jiading District", f"en: \"Jiading {PAYLOAD}\""),
                                     encoding="utf-8")
    target = project / "editorial" / "003-c8d20f3a32803d36.yml"
    extra = {"events": {"add": [{"date": f"2025-01-01{PAYLOAD}", "title": f"事件{PAYLOAD}", "place": PAYLOAD,
                                 "paragraph": "p1"}]},
             "goals": {"add": [{"metric": f"指标{PAYLOAD}", "value": 3, "unit": PAYLOAD, "comparator": PAYLOAD,
                                "year": 2027, "scope": "shanghai-jiading", "paragraph": "p1", "quote": PAYLOAD}]},
             "notes": [{"paragraph": "p1", "zh": PAYLOAD, "en": PAYLOAD}]}
    text = target.read_text(encoding="utf-8")
    assert "\nnotes:" not in text and "\ngoals:" not in text and "\nevents:" not in text
    target.write_text(text + yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    pages = build(project, project / "seeds").pages
    assert sum(PAYLOAD[:4].replace("<", "&#60;") in t for t in pages.values()) > 10   # the values are shown
    assert assert_safe(pages) > 50


def test_a_csv_cell_never_runs_as_a_spreadsheet_formula(tmp_path):
    import csv
    import io

    import yaml
    project = project_copy(tmp_path)
    target = project / "editorial" / "003-c8d20f3a32803d36.yml"
    formula = '=HYPERLINK("http://x","点我")'
    extra = {"goals": {"add": [{"metric": formula, "quote": "@SUM(A1)", "unit": "+1", "comparator": "-2",
                                "paragraph": "p1", "year": 2027}]},
             "events": {"add": [{"date": "2025-01-01", "title": "=1+1", "place": "\t=cmd", "paragraph": "p1"}]}}
    target.write_text(target.read_text(encoding="utf-8") + yaml.safe_dump(extra, allow_unicode=True),
                      encoding="utf-8")
    result = build(project, project / "seeds")
    cells = [c for rel in ("zh/data/goals.csv", "zh/data/events.csv")
             for row in csv.reader(io.StringIO(result.pages[rel])) for c in row]
    assert "'" + formula in cells and "'=1+1" in cells and "'@SUM(A1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_change_summary_quotes_seed_text_as_text():
    from digest.diff import Snapshot, compare
    base, head = Snapshot(), Snapshot()
    fm = {"id": "a", "title": "x", "headline": PAYLOAD, "source": {"seed": "seeds/a.txt"},
          "goals": [{"metric": PAYLOAD, "year": 2027, "value": 1, "unit": PAYLOAD, "comparator": None,
                     "paragraph": "p1"}], "events": [{"date": PAYLOAD, "title": PAYLOAD}],
          "tags": [{"id": PAYLOAD}]}
    head.docs["a"], head.paragraphs["a"] = fm, {"p1": PAYLOAD}
    base.docs["a"], base.paragraphs["a"] = {**fm, "goals": [], "events": [], "tags": []}, {"p1": "旧"}
    head.docs["b"], head.paragraphs["b"] = {**fm, "id": "b"}, {}
    text = compare(base, head, "origin/main`<img src=x onerror=alert(1)>")
    assert PAYLOAD not in text and "<img" not in text
    for tag, attrs in _Tags(page_html(text)).tags:
        assert tag not in ("img", "strong") and not any(k.startswith("on") for k in attrs)
    assert "<code>x</code>" not in page_html(text)


# --------------------------------------------------------------------------- identity and collisions

def ids_of(result) -> dict[str, list[str]]:
    return {Path(o.seed.path).name: [d.id for d in o.documents] for o in result.outcomes if o.seed}


def test_an_id_does_not_move_when_other_seeds_arrive(tmp_path):
    seeds = seeds_dir(tmp_path, {"政策.txt": SEED})
    alone = ids_of(build(ROOT, seeds))["政策.txt"]
    for name in ("zhengce.txt", "Zhengce.txt", "政策 .txt", "0.txt", "zhengce-2.txt"):
        (seeds / name).write_text(SEED.replace("60", "61"), encoding="utf-8")
    crowded = build(ROOT, seeds)
    assert ids_of(crowded)["政策.txt"] == alone
    assert len({i for ids in ids_of(crowded).values() for i in ids}) == 6


def test_an_editorial_file_whose_seed_moved_is_refused_with_its_line(tmp_path):
    from digest.errors import EditorialError
    project = tmp_path / "p"
    project.mkdir()
    for name in ("registry", "templates"):
        os.symlink(ROOT / name, project / name)
    seeds = seeds_dir(project, {"zhengce.txt": SEED})
    (project / "editorial").mkdir()
    (project / "editorial" / "zhengce.yml").write_text("# notes\nseed: 政策.txt\nnotes:\n  - {paragraph: p1, zh: 注}\n",
                                                     encoding="utf-8")
    with pytest.raises(EditorialError, match=r"^editorial/zhengce.yml:2: annotates seed '政策.txt', but zhengce "
                                             r"now comes from 'zhengce.txt'"):
        build(project, seeds)
    (project / "editorial" / "zhengce.yml").write_text("notes:\n  - {paragraph: p1, zh: 注}\n", encoding="utf-8")
    with pytest.raises(EditorialError, match="does not name the seed it annotates; add 'seed: zhengce.txt'"):
        build(project, seeds)
    (project / "editorial" / "zhengce.yml").write_text("seed: zhengce.txt\narticle: 2\n", encoding="utf-8")
    with pytest.raises(EditorialError, match=r"zhengce.yml:2: names article 2 of zhengce.txt, but zhengce is "
                                             r"article 1 of 1"):
        build(project, seeds)
    (project / "editorial" / "zhengce.yml").rename(project / "editorial" / "zhengce-5caea9.yml")
    (project / "editorial" / "zhengce-5caea9.yml").write_text("seed: 政策.txt\n", encoding="utf-8")
    (seeds / "zhengce.txt").rename(seeds / "政策-old.txt")
    with pytest.raises(EditorialError, match="no document has the id 'zhengce-5caea9'"):
        build(project, seeds)


@pytest.mark.parametrize("names", [
    ("index.txt", "a.txt"), ("sources.txt", "a.txt"), ("Report.txt", "report.txt"),
    ("e\u0301.txt", "\u00e9.txt"), ("a.txt", "a.md"), ("search.txt", "404.txt", "tags.txt"),
])
def test_no_two_outputs_share_a_path(tmp_path, capsys, names):
    seeds = seeds_dir(tmp_path, {n: SEED.replace("60", str(60 + i)) for i, n in enumerate(names)})
    result = build(ROOT, seeds)
    ids = [i for o in result.outcomes for i in [d.id for d in o.documents]]
    assert len(ids) == len(set(ids)) == len(names)
    assert result.pages["zh/sources/index.md"].startswith("---\ntitle: 来源文件")
    assert result.pages["zh/documents/index.md"].startswith("---\ntitle: 全部文件")
    records = [r for r in result.pages if r.startswith("zh/sources/") and r != "zh/sources/index.md"]
    assert len(records) == len(names)
    code, _ = run(tmp_path, seeds, capsys)
    assert code == 0


def test_a_long_chinese_name_gets_a_short_id(tmp_path, capsys):
    name = "医疗器械产业园区发展规划" * 6 + "附件一二三四五六七八九.txt"   # 83 characters, 249 bytes: valid
    seeds = seeds_dir(tmp_path, {name: SEED})
    code, err = run(tmp_path, seeds, capsys)
    assert code == 0, err
    (doc_id,) = ids_of(build(ROOT, seeds))[name]
    assert len(doc_id) <= 67 and (tmp_path / "docs" / "zh" / "documents" / f"{doc_id}.md").is_file()


def test_two_seeds_that_would_share_an_id_do_not_overwrite_each_other(tmp_path, capsys):
    page = "标题一\n\n本报讯 园区到2027年产值目标为60亿元。医疗器械企业发展。\n\n标题二\n\n本报讯 园区到2028年产值目标为70亿元。医疗器械企业发展。\n"
    seeds = seeds_dir(tmp_path, {"a.txt": page, "a_1.txt": SEED})
    result = build(ROOT, seeds)
    ids = [d.id for o in result.outcomes for d in o.documents]
    assert len(ids) == len(set(ids))
    refused = [o.refusal for o in result.outcomes if o.refusal]
    assert all(r.status == "duplicate-id" and "rename" in r.reason for r in refused)


# --------------------------------------------------------------------------- complexity

ONE_LINE_SHAPES = {
    "dated events": "2024年3月1日在上海嘉定召开医疗器械大会去年今年",
    "goals": "示例区到2027年医疗器械产业规模达到100亿元，新增企业50家，",
    "parks and markup": "上海械谷联影小镇 本报讯 到2027年 达到100亿元 # [a](b) <p> 翻一番、",
}


def _build_seconds(tmp_path: Path, unit: str, size: int) -> float:
    import time
    folder = tmp_path / f"s{size}"
    seeds = seeds_dir(folder, {"big.txt": "示例区医疗器械\n" + unit * (size // len(unit.encode()))})
    started = time.perf_counter()
    pages = build(ROOT, seeds).pages
    writer.write_tree(folder / "docs", pages)
    return time.perf_counter() - started


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(ONE_LINE_SHAPES))
def test_build_time_is_linear_in_a_one_line_seed(tmp_path, shape):
    """4× the input must cost about 4× the time (a quadratic stage costs 16×); best of two runs."""
    unit = ONE_LINE_SHAPES[shape]
    small = min(_build_seconds(tmp_path / f"a{i}", unit, 500_000) for i in range(2))
    large = min(_build_seconds(tmp_path / f"b{i}", unit, 2_000_000) for i in range(2))
    assert large / small < 8, f"{shape}: 0.5 MB {small:.2f} s, 2 MB {large:.2f} s"


def test_facts_read_a_long_sentence_in_bounded_pieces():
    from digest.facts import MAX_SENTENCE, sentences
    text = "2024年3月1日在上海嘉定召开大会" * 20_000
    pieces = sentences(text)
    assert max(len(s) for _, s in pieces) <= MAX_SENTENCE
    assert "".join(s for _, s in pieces) == text and all(text[o:o + len(s)] == s for o, s in pieces)


@pytest.mark.parametrize("key,pattern,problem", [
    ("word_debris", "(a+)+$", "unbounded repeat"),
    ("word_debris", ".*x", "unbounded repeat"),
    ("word_debris", "(?:a{0,9}b?){0,9}c", "repeat inside a repeat"),
    ("caption_patterns", "(图)\\1", "backreference"),
    ("word_debris", "[unclosed", "invalid regular expression"),
])
def test_a_registry_pattern_that_could_hang_is_refused_with_its_line(tmp_path, key, pattern, problem):
    import yaml

    from digest.errors import RegistryError
    from digest.registry import Registry
    reg = registry_copy(tmp_path)
    data = yaml.safe_load((reg / "noise.yml").read_text(encoding="utf-8"))
    data[key] = [*data[key], pattern]
    (reg / "noise.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(RegistryError, match=rf"noise.yml:\d+: '{key}' .*{problem}") as err:
        Registry.load(reg)
    assert "\n" not in str(err.value)


# --------------------------------------------------------------------------- structure

def test_a_headline_over_40_characters_stays_with_its_article():
    from digest.clean import clean_seed
    from digest.registry import Registry
    from conftest import make_seed
    long = "示例区医疗器械产业园举行新闻发布会宣布今年将新增创新医疗器械企业五十家并建设公共服务平台三个"
    assert len(long) > 40
    text = (f"第一篇短标题\n\n本报讯 示例区医疗器械产业园发布政策，支持企业发展。\n\n{long}\n\n"
            "本报讯 园区到2027年产值目标为60亿元。医疗器械企业发展。\n")
    first, second = clean_seed(make_seed(text), Registry.load(ROOT / "registry").noise)
    assert second.head is not None and second.head.title == long
    assert all(long not in b.text for b in first.blocks)


# --------------------------------------------------------------------------- determinism

def test_output_does_not_depend_on_hash_seed_locale_or_time_zone(tmp_path):
    import subprocess
    import sys
    outputs = []
    for n, env in enumerate([{"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
                             {"PYTHONHASHSEED": "4242", "TZ": "Asia/Shanghai", "LC_ALL": "C"}]):
        out = tmp_path / f"docs{n}"
        proc = subprocess.run([sys.executable, str(ROOT / "build_digest.py"), "--out", str(out), "--quiet",
                               "--no-cache"], env={**os.environ, **env}, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]


# --------------------------------------------------------------------------- tests that do not run

def test_no_test_reads_outside_the_repository():
    needles = ["ROOT" + ".parent", "../" + "sha" + "red", chr(34) + "sha" + "red" + chr(34)]  # spelled apart: this file is read too
    for path in sorted((ROOT / "tests").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not [n for n in needles if n in text], path.name


def test_the_hostile_corpus_is_in_the_repository_and_complete():
    from conftest import HOSTILE
    import re
    expected = set(re.findall(r"`([^`]+\.txt)`", (HOSTILE / "EXPECT.md").read_text(encoding="utf-8")))
    assert expected and expected <= {p.name for p in HOSTILE.glob("*.txt")}


def test_the_attack_and_hostile_suites_cannot_skip():
    for name in ("test_attacks.py", "test_hostile.py"):
        text = (ROOT / "tests" / name).read_text(encoding="utf-8")
        assert "pytest." + "skip" not in text and "skip" + "if" not in text, name


def test_a_cache_folder_that_is_a_file_only_slows_the_build(tmp_path, seeds_build):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    c = Cache(blocker, version(ROOT))
    assert build(ROOT, ROOT / "seeds", c).pages == seeds_build.pages
    assert c.unwritable > 0 and c.hits == 0


@pytest.mark.parametrize("kind", ["file", "link"])
def test_an_output_path_that_is_not_a_folder_is_left_alone(tmp_path, capsys, kind):
    seeds = seeds_dir(tmp_path, {"a.txt": SEED})
    target = tmp_path / "docs"
    if kind == "file":
        target.write_text("precious", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        os.symlink(tmp_path / "elsewhere", target)
    code, err = run(tmp_path, seeds, capsys)
    assert code == 2 and "is not a folder" in err and len(err.strip().splitlines()) == 1
    assert (target.read_text(encoding="utf-8") == "precious") if kind == "file" else not any(
        (tmp_path / "elsewhere").iterdir())


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_docs(tmp_path):
    """SIGKILL, for real, at several moments of a build: docs/ is always one whole tree."""
    import signal
    import subprocess
    import sys
    import time
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    for n in range(120):
        (seeds / f"extra_{n}.txt").write_text(f"示例区医疗器械产业园第{n}号政策\n\n" + SEED * 20, encoding="utf-8")
    docs, fresh = tmp_path / "docs", tmp_path / "fresh"

    def build_into(out: Path) -> None:
        subprocess.run([sys.executable, str(ROOT / "build_digest.py"), "--seeds", str(seeds), "--out", str(out),
                        "--quiet", "--no-cache"], check=True, capture_output=True)
    build_into(docs)
    old = snapshot(docs)
    for n in range(120):
        with open(seeds / f"extra_{n}.txt", "a", encoding="utf-8") as f:
            f.write("园区到2030年产值目标为90亿元。\n")
    started = time.perf_counter()
    build_into(fresh)
    took = time.perf_counter() - started
    new = snapshot(fresh)
    assert old != new
    states = set()
    for delay in [took * f for f in (0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1)]:
        shutil.rmtree(docs, ignore_errors=True)
        writer.write_tree(docs, {k: v.decode("utf-8") for k, v in old.items()})  # start from the old tree
        proc = subprocess.Popen([sys.executable, str(ROOT / "build_digest.py"), "--seeds", str(seeds), "--out",
                                 str(docs), "--quiet", "--no-cache"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        writer._recover(docs)   # what the next build does first
        state = snapshot(docs)
        assert state in (old, new), f"killed after {delay:.2f} s: docs/ is neither tree"
        states.add("old" if state == old else "new")
    assert "old" in states   # some kills did land before the swap
    build_into(docs)
    assert snapshot(docs) == new
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".docs.")]
