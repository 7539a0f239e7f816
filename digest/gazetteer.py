"""China's administrative divisions as regions (registry/gazetteer.tsv).

The TSV is generated from the National Bureau of Statistics' codes by
``scripts/update_gazetteer.py``; this module turns it into ``Region`` values
with stable ASCII ids (pinyin of the short names along the path, as the
curated ids in regions.yml are written) and the short names texts use.
"""
from __future__ import annotations

import re
from pathlib import Path

from pypinyin import lazy_pinyin

from .errors import RegistryError
from .model import Region

# Longest first: 自治县 before 县, 特别行政区 before 区.
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
             "林区", "特区", "地区", "新区", "省", "市", "区", "县", "盟", "旗")
# Ethnic names that stand before 自治州/自治县 (延边朝鲜族自治州 → 延边).
_ETHNIC = re.compile(r"(?:[\u4e00-\u9fff]{1,3}族)+")
_LEVEL_EN = {"province": "Province", "prefecture": "", "county": ""}
_COUNTY_EN = {"区": "District", "县": "County", "市": "", "旗": "Banner", "自治县": "Autonomous County",
              "自治旗": "Autonomous Banner", "林区": "Forestry District", "特区": "Special District",
              "新区": "New Area"}
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


def short_name(name: str) -> str:
    """The name without its administrative suffix, when two characters or more are left.

    >>> short_name("宁波市"), short_name("延边朝鲜族自治州"), short_name("新疆维吾尔自治区"), short_name("东区")
    ('宁波', '延边', '新疆', '东区')
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治") and len(stem) > 2:
                # The shortest place name (two characters or more) before the ethnic names.
                stem = next((stem[:k] for k in range(2, len(stem)) if _ETHNIC.fullmatch(stem[k:])), stem)
            return stem if len(stem) >= 2 else name
    return name


def _suffix(name: str) -> str:
    return next((s for s in _SUFFIXES if name.endswith(s) and len(name) > len(s)), "")


def english_name(name: str, level: str) -> str:
    """A pinyin English name: 慈溪市 → Cixi, 嘉定区 → Jiading District.

    >>> english_name("浙江省", "province"), english_name("慈溪市", "county"), english_name("嘉定区", "county")
    ('Zhejiang Province', 'Cixi', 'Jiading District')
    """
    short = short_name(name)
    words = "".join(lazy_pinyin(short)).capitalize()
    if name in _MUNICIPALITIES or name.endswith("特别行政区"):
        return words
    tail = _LEVEL_EN["province"] if level == "province" else (
        _COUNTY_EN.get(_suffix(name), "") if level == "county" else "")
    return f"{words} {tail}".strip()


def _division_level(code: str, level: str) -> str:
    """``zone`` for the functional zones the NBS codes among counties (71–80: 经济技术开发区,
    高新区, 航空港经济综合实验区; 81–99 are county-level cities): places a text may name, but
    not divisions a document is about unless regions.yml makes them so (苏州工业园区)."""
    return "zone" if level == "county" and "71" <= code[4:6] <= "80" else level


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(short_name(name))).lower()) or "x"


def gazetteer_regions(path: Path) -> dict:
    """Regions of the gazetteer by id, parents before children."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise RegistryError(str(path), "gazetteer is missing", "restore it from git or run scripts/update_gazetteer.py") \
            from None
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith("#") or line.startswith("adcode\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 6 or parts[2] not in ("province", "prefecture", "county") \
                or parts[5] not in ("", "alone", "with-ancestor"):
            raise RegistryError(str(path), "expected adcode, parent, level, name, short and use separated by tabs",
                                "regenerate it with scripts/update_gazetteer.py", number)
        rows.append(parts)
    by_code: dict[str, Region] = {}
    used: set[str] = set()
    order = {"province": 0, "prefecture": 1, "county": 2}
    for code, parent, level, name, short, use in sorted(rows, key=lambda r: (order[r[2]], r[0])):
        up = by_code.get(parent) if parent else None
        if parent and up is None:
            raise RegistryError(str(path), f"{name} ({code}) names unknown parent {parent}",
                                "regenerate it with scripts/update_gazetteer.py")
        rid = (f"{up.id}-" if up else "") + _slug(name)
        if rid in used:
            rid = f"{rid}-{code.lower()}"
        used.add(rid)
        by_code[code] = Region(rid, name, (short,) if use == "alone" else (), up.id if up else None,
                               (up.path if up else ()) + (name,), (up.ids if up else ()) + (rid,),
                               english_name(name, level), code, _division_level(code, level),
                               (short,) if use == "with-ancestor" else ())
    return {r.id: r for r in by_code.values()}
