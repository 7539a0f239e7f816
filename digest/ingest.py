"""Stage 1: read seed files, decode them, normalise invisible differences.

The only stage that reads seed files. A seed that cannot be published comes
back as a ``Refusal`` with a one-line reason; the build carries on.
"""
from __future__ import annotations

import re
from pathlib import Path

from .model import Refusal, Seed
from .script import count_scripts, to_simplified
from .text import HAN_RE, INVISIBLE, visible

# Bytes that never occur in text files (everything below 0x20 except \t \n \r \f, and DEL).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_INDENT = re.compile("^\u3000+", re.MULTILINE)

# GB2312 level-1 hanzi: the 3,755 most common Simplified characters. A correct
# decoding of Chinese text, taken to Simplified, is mostly made of them; the
# wrong legacy codec turns text into rare characters and symbols.
_COMMON = frozenset(
    bytes([hi, lo]).decode("gb2312")
    for hi in range(0xB0, 0xD8)
    for lo in range(0xA1, 0xFF)
    if not (hi == 0xD7 and lo > 0xF9)
)


def _commonness(text: str) -> float:
    han = HAN_RE.findall(to_simplified(text))
    return sum(ch in _COMMON for ch in han) / len(han) if han else 0.0


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode seed bytes: strict UTF-8 first, then the legacy codec that reads best.

    >>> decode("械谷".encode("gb18030"))
    ('械谷', 'gb18030')
    >>> decode("\\ufeff械谷".encode("utf-8"))
    ('械谷', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_commonness(text), codec == "gb18030", text, codec))
    if not candidates:
        return None
    _, _, text, codec = max(candidates)
    return text, codec


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 1% control bytes, mean this is not a text file."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL)
    return controls > 0.01 * len(sample)


def normalise(text: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    """Fold line endings and drop characters a reader cannot see.

    >>> normalise("\\u3000\\u3000政策\\u00a0明确\\u200b。\\r\\n")
    ('政策 明确。\\n', (('crlf', 1), ('nbsp-or-odd-space', 1), ('zero-width', 1), ('ideographic-indent', 2)))
    """
    counts = []
    crlf = text.count("\r\n")
    text = text.replace("\r\n", "\n")
    cr = text.count("\r")
    text = text.replace("\r", "\n")
    text, spaces = _SPACES.subn(" ", text)
    text, invisible = _INVISIBLE_RE.subn("", text)
    indent = sum(len(m.group()) for m in _INDENT.finditer(text))
    text = _INDENT.sub("", text)
    for name, n in (("crlf", crlf), ("cr", cr), ("nbsp-or-odd-space", spaces),
                    ("zero-width", invisible), ("ideographic-indent", indent)):
        if n:
            counts.append((name, n))
    return text, tuple(counts)


_KANA = re.compile("[\u3040-\u309f\u30a0-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


def other_language(text: str, han: int) -> str | None:
    """The language of a text written in another CJK script, named by its letters:
    kana make it Japanese (Japanese uses Han characters too), hangul Korean.

    >>> other_language("中国の医療機器産業団地について", 9), other_language("의료기기 산업단지", 0)
    ('Japanese (5 kana among 14 letters)', 'Korean (8 hangul among 8 letters)')
    >>> other_language("医疗器械产业园", 7) is None
    True
    """
    kana = len(_KANA.findall(text))
    hangul = len(_HANGUL.findall(text))
    letters = han + kana + hangul
    if kana >= 5 and kana >= 0.05 * letters:
        return f"Japanese ({kana} kana among {letters} letters)"
    if hangul >= 5 and hangul >= 0.2 * letters:
        return f"Korean ({hangul} hangul among {letters} letters)"
    return None


def stem_of(path: Path) -> str:
    return path.name[: -len(path.suffix)] if path.suffix else path.name


def read_bytes(path: Path, rel: str) -> bytes | Refusal:
    try:
        return path.read_bytes()
    except OSError as err:
        return Refusal(rel, "unreadable", f"cannot be read ({err.strerror}); check the file's permissions")


def read_seed(path: Path, rel: str, min_han_share: float = 0.2, data: bytes | None = None) -> Seed | Refusal:
    """Read one seed file (or decode ``data`` already read from it); never raises for bad content."""
    if data is None:
        data = read_bytes(path, rel)
        if isinstance(data, Refusal):
            return data
    if not data.strip():
        return Refusal(rel, "empty", "is empty; add the document's text or delete the file")
    if looks_binary(data):
        return Refusal(rel, "not-text", "is not a text file (binary bytes); save the document as plain text")
    decoded = decode(data)
    if decoded is None:
        return Refusal(rel, "not-text",
                       "is in no encoding the build reads (UTF-8, GB18030, Big5); save it as UTF-8")
    raw, encoding = decoded
    text, normalised = normalise(raw)
    seen = visible(text)
    if not seen:
        return Refusal(rel, "empty", "holds only whitespace; add the document's text or delete the file",
                       encoding)
    # Share of Han characters among letters (digits and punctuation do not vote).
    letters = [ch for ch in seen if ch.isalpha()]
    han = len(HAN_RE.findall(seen))
    language = other_language(seen, han)
    if language:
        return Refusal(rel, "not-chinese", f"is {language}, not Chinese; "
                       "admit it with an editorial file if it belongs in the digest", encoding)
    if not letters or han < min_han_share * len(letters):
        return Refusal(rel, "not-chinese",
                       f"is not Chinese text ({han} of {len(letters)} letters are Chinese); "
                       "admit it with an editorial file if it belongs in the digest", encoding)
    return Seed(
        path=rel,
        stem=stem_of(path),
        encoding=encoding,
        text=text,
        script=count_scripts(text).script,
        normalised=normalised,
        input_chars=len(visible(raw)),
    )
