"""Stage 1: decoding, normalisation, refusals."""
from __future__ import annotations

import pytest

from digest.ingest import decode, looks_binary, read_seed
from digest.model import Refusal

TEXT = "示例区发布医疗器械产业政策，明确到2026年新增创新医疗器械10件。"


@pytest.mark.parametrize("codec,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                            ("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_decodes(codec, expected):
    assert decode(TEXT.encode(codec)) == (TEXT, expected)


def test_big5_is_read_as_big5_not_gb18030():
    trad = "範例市醫療器械產業園區發展計畫，提出到2028年產業規模達到150億元。"
    assert decode(trad.encode("big5")) == (trad, "big5")


def test_short_gbk_is_not_mistaken():
    assert decode("械谷".encode("gbk"))[0] == "械谷"


@pytest.mark.parametrize("data,refused", [(b"", "empty"), (b" \n\t\n", "empty"), ("\u3000\n".encode(), "empty"),
                                          (b"\x89PNG\r\n\x1a\n\x00\x00", "not-text"),
                                          (b"Example County opens a park.", "not-chinese")])
def test_refusals(tmp_path, data, refused):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    result = read_seed(path, "seeds/x.txt")
    assert isinstance(result, Refusal) and result.status == refused
    assert "\n" not in result.reason and ";" in result.reason


def test_binary_heuristic():
    assert looks_binary(b"abc\x00def") and not looks_binary(TEXT.encode())
