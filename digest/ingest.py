"""Stage 1: read seed files, decode them, normalise invisible differences.

The only stage that reads seed files. A seed that cannot be published comes
back as a ``Refusal`` with a one-line reason; the build carries on.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import charset_normalizer

from .model import Refusal, Seed
from .script import count_scripts, to_simplified
from .text import CONTROL, HAN_RE, INVISIBLE, visible

# Bytes that never occur in text files (everything below 0x20 except \t \n \r \f, and DEL).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Control characters (C0 but tab and line breaks, DEL, C1) and the two non-characters XML refuses.
_CONTROL_RE = re.compile(f"[{CONTROL}]")
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


# Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CODEC_NAMES = {"utf_32_le": "utf-32-le", "utf_32_be": "utf-32-be", "utf_16_le": "utf-16-le",
                "utf_16_be": "utf-16-be", "utf_8_sig": "utf-8-sig"}


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode seed bytes, the whole file strictly: a byte-order mark first, then UTF-8,
    then the Chinese legacy codec that reads best (GB18030, Big5 with HKSCS, or what
    charset-normalizer proposes), judged by how common the characters are.

    >>> decode("械谷".encode("gb18030"))
    ('械谷', 'gb18030')
    >>> decode("\\ufeff械谷".encode("utf-8"))
    ('械谷', 'utf-8-sig')
    >>> decode("\\ufeff械谷".encode("utf-16-le"))
    ('械谷', 'utf-16-le')
    >>> decode("範例市醫療器械產業嘅發展計畫".encode("big5hkscs"))
    ('範例市醫療器械產業嘅發展計畫', 'big5-hkscs')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec.removesuffix("-sig")), codec
            except UnicodeDecodeError:
                return None  # a BOM promises an encoding: bytes that break it are not that text
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in _legacy_codecs(data):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        candidates.append((_commonness(text), codec == "gb18030", text, _codec_name(codec, data)))
    if not candidates:
        return None
    _, _, text, codec = max(candidates)
    return text, codec


def _legacy_codecs(data: bytes) -> list[str]:
    codecs = ["gb18030", "big5hkscs"]
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and guess.encoding not in codecs and guess.encoding.startswith(("gb", "big5", "hz")):
        codecs.append(guess.encoding)
    return codecs


def _codec_name(codec: str, data: bytes) -> str:
    """The name the report shows: plain ``big5`` when the file needs no HKSCS character."""
    if codec == "big5hkscs":
        try:
            data.decode("big5")
            return "big5"
        except UnicodeDecodeError:
            return "big5-hkscs"
    return _CODEC_NAMES.get(codec, codec)


def looks_binary(data: bytes) -> bool:
    """A NUL in the first 8 KiB, or more than 1% control bytes in the whole file: not a text file.

    >>> looks_binary(b"abc\\x00def"), looks_binary(("医疗器械" * 30 + "\\x0b").encode())
    (True, False)
    """
    if b"\x00" in data[:8192]:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL))
    return controls > 0.01 * len(data)


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
    text, control = _CONTROL_RE.subn("", text)
    indent = sum(len(m.group()) for m in _INDENT.finditer(text))
    text = _INDENT.sub("", text)
    for name, n in (("crlf", crlf), ("cr", cr), ("nbsp-or-odd-space", spaces),
                    ("zero-width", invisible), ("control", control), ("ideographic-indent", indent)):
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


_NAME_CONTROLS = re.compile(f"[{CONTROL}\n\r\t]")


def readable_name(name: str) -> str:
    """A file name a person can read in a message, a page and the report.

    Names whose bytes are not UTF-8 (Python keeps them as lone surrogates) are read
    as GB18030 when they are valid GB18030, else shown with ``\\xNN`` escapes;
    control characters are always escaped, so a name is one line.

    >>> readable_name(os.fsdecode("政策.txt".encode("gbk"))), readable_name(os.fsdecode(b"a\\xff.txt"))
    ('政策.txt', 'a\\\\xff.txt')
    >>> readable_name("a\\nb.txt")
    'a\\\\x0ab.txt'
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        try:
            name = raw.decode("gb18030")
        except UnicodeDecodeError:
            name = raw.decode("utf-8", "backslashreplace")
    return _NAME_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                              else f"\\u{ord(m.group()):04x}", name)


def read_bytes(path: Path, rel: str) -> bytes | Refusal:
    """The bytes of a regular file; a link, folder, pipe, socket or device is refused, never followed."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if path.is_symlink():
            return Refusal(rel, "not-a-file", "is a symbolic link; copy the document itself into the seeds folder")
        if path.is_dir():
            return Refusal(rel, "not-a-file", "is a folder; seeds are read one level deep, move its files up")
        return Refusal(rel, "unreadable", f"cannot be read ({err.strerror}); check the file's permissions")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Refusal(rel, "not-a-file", "is not a regular file (a pipe, socket or device); "
                           "save the document as a plain file")
        with os.fdopen(fd, "rb") as f:
            fd = None
            return f.read()
    except OSError as err:
        return Refusal(rel, "unreadable", f"cannot be read ({err.strerror}); check the file's permissions")
    finally:
        if fd is not None:
            os.close(fd)


def read_seed(path: Path, rel: str, min_han_share: float = 0.2, data: bytes | None = None) -> Seed | Refusal:
    """Read one seed file (or decode ``data`` already read from it); never raises for bad content."""
    if data is None:
        data = read_bytes(path, rel)
        if isinstance(data, Refusal):
            return data
    if not data.strip():
        return Refusal(rel, "empty", "is empty; add the document's text or delete the file")
    wide = data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))  # UTF-16/32: NULs are text
    if not wide and looks_binary(data):
        return Refusal(rel, "not-text", "is not a text file (binary bytes); save the document as plain text")
    decoded = decode(data)
    if decoded is None:
        return Refusal(rel, "not-text", "is in no encoding the build reads (UTF-8, UTF-16/32 with a BOM, "
                       "GB18030, Big5-HKSCS); save it as UTF-8")
    raw, encoding = decoded
    if wide and len(_CONTROL_RE.findall(raw)) > 0.01 * len(raw):
        return Refusal(rel, "not-text", "is not a text file (binary bytes); save the document as plain text")
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
        stem=stem_of(Path(rel)),
        encoding=encoding,
        text=text,
        script=count_scripts(text).script,
        normalised=normalised,
        input_chars=len(visible(raw)),
    )
