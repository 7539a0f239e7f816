"""Escaping: every value that reaches a page goes through one of these, for its context.

Seed text is always data: ``md_text`` (Markdown inline text), ``html_text`` (raw HTML),
``url_part`` (an id in a link), ``code_text`` (inline code), ``front_matter`` (YAML). The
escaping is done here, in the generated Markdown, so any site builder (MkDocs, Zensical)
reads safe pages; no hook escapes anything.
"""
from __future__ import annotations

import html
import re
import urllib.parse
from typing import TYPE_CHECKING

import yaml
from markupsafe import Markup

from ..text import HAN_RE

if TYPE_CHECKING:  # for the annotation only: edition.py imports this module
    from .edition import Edition


def html_text(text: str) -> str:
    """Escape for raw HTML blocks: Markdown does not look inside them.

    >>> html_text('<script>"x"</script>')
    '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


# Every ASCII punctuation mark → a numeric entity; line breaks and tabs → spaces.
_MD_ESCAPES = str.maketrans({**{chr(c): f"&#{c};" for c in range(33, 127) if not chr(c).isalnum()},
                             "\n": " ", "\r": " ", "\t": " "})


def md_text(text: str) -> str:
    """Escape for Markdown inline text: every ASCII punctuation mark becomes an entity,
    so no Markdown, HTML, snippet or attribute syntax can form from seed text.

    >>> md_text("# [a](javascript:x) --8<-- {{ y }}")
    '&#35; &#91;a&#93;&#40;javascript&#58;x&#41; &#45;&#45;8&#60;&#45;&#45; &#123;&#123; y &#125;&#125;'
    """
    return str(text).translate(_MD_ESCAPES)



# Chinese text: Han characters, or CJK and full-width punctuation (a quoted "（2）" is Chinese too).
CHINESE = re.compile(f"{HAN_RE.pattern}|[\u3000-\u303f\uff01-\uff60]")


def lang_span(text, lang: str | None) -> Markup:
    """Markdown-escaped text; wrapped in ``<span lang>`` when ``lang`` is given, so screen
    readers, fonts and hyphenation treat a passage in another language as that language.

    >>> lang_span("医疗<器械>", "zh-Hans"), lang_span("x", None)
    (Markup('<span lang="zh-Hans">医疗&#60;器械&#62;</span>'), Markup('x'))
    """
    escaped = md_text("" if text is None else text)
    return Markup(f'<span lang="{lang}">{escaped}</span>' if lang else escaped)


def escape_value(value, ed: "Edition | None" = None) -> Markup:
    """The one escaping boundary of the templates (Jinja's ``finalize``): every value a
    template prints is Markdown-escaped unless it is already ``Markup`` (escaped by a
    filter or helper that knows its context). Numbers print as they are. On the English
    edition, a value with Chinese characters is marked as Chinese (``Edition.mark``).

    >>> escape_value("<b>x</b>"), escape_value(2027), escape_value(Markup("<p>"))
    (Markup('&#60;b&#62;x&#60;&#47;b&#62;'), Markup('2027'), Markup('<p>'))
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(str(value))
    return ed.mark(value) if ed is not None else Markup(md_text("" if value is None else value))


_URL_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def web_address(value) -> Markup:
    """An outside address as a link target: only http(s), and percent-encoded so that no
    parenthesis, quote, space or angle bracket can end the link or the attribute.

    >>> web_address("https://a.example/x (1)?q=政策"), web_address("javascript:alert(1)")
    (Markup('https://a.example/x%20%281%29?q=%E6%94%BF%E7%AD%96'), Markup('#'))
    """
    value = str(value).strip()
    if not re.match(r"https?://", value):
        return Markup("#")
    return Markup(urllib.parse.quote(value, safe=":/?#@!$&*+,;=%~-._"))


def url_part(value) -> Markup:
    """An id in a link, an anchor or an HTML id: the build's own ASCII slugs pass as they are,
    anything else is percent-encoded, so it can never end the link or the attribute.

    >>> url_part("p7"), url_part("a b)")
    (Markup('p7'), Markup('a%20b%29'))
    """
    value = str(value)
    return Markup(value if _URL_SAFE.fullmatch(value) else urllib.parse.quote(value, safe=""))


def code_text(value, lang: str | None = None) -> Markup:
    """Inline code that no value can end (a backtick cannot close an HTML element).

    >>> code_text("a`b<c>.txt"), code_text("政策.txt", "zh-Hans")
    (Markup('<code>a&#96;b&#60;c&#62;&#46;txt</code>'), Markup('<code lang="zh-Hans">政策&#46;txt</code>'))
    """
    attr = f' lang="{lang}"' if lang else ""
    return Markup(f"<code{attr}>{md_text(value)}</code>")



def front_matter(data: dict) -> Markup:
    """YAML front matter, never by string formatting of raw values: ``yaml_block`` writes each
    value as a typed YAML scalar (tests/test_front_matter.py loads it back with PyYAML).

    ``title`` is HTML-escaped here, once for every page: MkDocs themes print
    ``page.title`` without escaping (documents keep the verbatim title as ``headline``).
    """
    if isinstance(data.get("title"), str):
        data = {**data, "title": html.escape(data["title"], quote=False)}
    return Markup("---\n" + yaml_block(data) + "---\n")


# ----------------------------------------------------------------------------- a small YAML emitter
# Front matter has a few known shapes (mappings and lists of strings, numbers, booleans and None),
# and PyYAML's generic representer was a tenth of a cold build. This writes those shapes in block
# style, deterministically; a string is plain only when it is unmistakably a string, else quoted.

_RESOLVER = yaml.resolver.Resolver()
_PLAIN_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._/()+-")
_YAML_BREAKS = frozenset("\x85\u2028\u2029\ufeff")


def yaml_scalar(value) -> str:
    """One scalar as YAML that PyYAML's ``safe_load`` reads back as the same value.

    >>> [yaml_scalar(v) for v in (None, True, 3, 2.5, 1e20, "医疗器械", "2027-01-01", "yes", "a: b")]
    ['null', 'true', '3', '2.5', '1.0e+20', '医疗器械', '"2027-01-01"', '"yes"', '"a: b"']
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    if not isinstance(value, str):
        raise TypeError(f"front matter holds a {type(value).__name__}, which yaml_scalar does not write")
    if _plain(value):
        return value
    return '"' + "".join(_quoted(c) for c in value) + '"'


def _plain(text: str) -> bool:
    return (bool(text) and (text[0].isalnum() or text[0] >= "\x80") and text == text.strip() and "--" not in text
            and all(c in _PLAIN_ASCII if c < "\x80" else c.isprintable() and c not in _YAML_BREAKS for c in text)
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str")


def _quoted(c: str) -> str:
    """A character inside a double-quoted YAML scalar."""
    if c in '"\\':
        return "\\" + c
    if c == " " or (c.isprintable() and c not in _YAML_BREAKS):
        return c
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def yaml_block(value, indent: int = 0) -> str:
    """A mapping or list in block style, one line per scalar, ending in a newline."""
    if not value:
        return _leaf(value) + "\n"
    return "".join(line + "\n" for line in _block(value, indent))


def _leaf(value) -> str | None:
    """The value written inline, or None when it needs lines of its own."""
    if isinstance(value, dict):
        return None if value else "{}"
    if isinstance(value, (list, tuple)):
        return None if value else "[]"
    return yaml_scalar(value)


def _block(value, indent: int) -> list[str]:
    pad, lines = " " * indent, []
    if isinstance(value, dict):
        for key, item in value.items():
            leaf = _leaf(item)
            if leaf is not None:
                lines.append(f"{pad}{yaml_scalar(key)}: {leaf}")
            else:
                lines.append(f"{pad}{yaml_scalar(key)}:")
                lines += _block(item, indent + 2 if isinstance(item, dict) else indent)
        return lines
    for item in value:
        leaf = _leaf(item)
        if leaf is not None:
            lines.append(f"{pad}- {leaf}")
        else:
            inner = _block(item, indent + 2)
            lines += [f"{pad}- {inner[0][indent + 2:]}", *inner[1:]]
    return lines
