"""The values that flow between pipeline stages.

Every stage takes frozen values and returns new ones. Offsets (`start`, `end`)
always index `Seed.text`, the seed after decoding and normalisation, so any piece
of text can be traced back to the exact characters it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass, replace

from .text import HAN


@dataclass(frozen=True, slots=True)
class Seed:
    """A decoded, normalised seed file."""

    path: str
    """Path relative to the project root, e.g. ``seeds/003_c8d20f3a32803d36.txt``."""
    stem: str
    """File name without extension, the basis of document ids."""
    encoding: str
    """The encoding the bytes were decoded with (``utf-8``, ``utf-8-sig``, ``gb18030``, ``big5``)."""
    text: str
    """Decoded text with line endings folded and invisible characters dropped."""
    script: str
    """``hans``, ``hant`` or ``mixed``: the script the seed was written in."""
    normalised: tuple[tuple[str, int], ...] = ()
    """What normalisation dropped or folded, as (what, count): BOM, CRLF, NBSP, zero-width, U+3000 indent."""
    input_chars: int = 0
    """Visible characters of the decoded text, before normalisation."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A seed that will not be published, with the one-line reason."""

    path: str
    status: str
    """``empty``, ``not-text``, ``not-chinese``, ``unreadable``, ``not-a-file`` (a link, folder, pipe or
    device), ``duplicate-id`` (its id is another seed's)."""
    reason: str
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A contiguous run of seed text: ``Seed.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class WorkLine:
    """What remains of one seed line while the cleaning rules cut pieces out of it: cutting a column
    range returns the cut ``Piece`` values with their seed offsets, so every removal is recorded
    against the exact characters it took."""

    number: int
    """1-based line number in the seed."""
    pieces: tuple[Piece, ...]
    """What is left of the line, in order (a cut in the middle leaves two pieces)."""
    md_level: int = 0
    """Heading level when the seed marked the line with Markdown ``#``; else 0."""

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def cut(self, start: int, end: int) -> tuple["WorkLine", tuple[Piece, ...]]:
        """Remove columns ``start:end`` of ``self.text``; return the rest and the cut pieces."""
        kept: list[Piece] = []
        cut: list[Piece] = []
        col = 0
        for p in self.pieces:
            p_start, p_end = col, col + len(p.text)
            col = p_end
            lo, hi = max(start, p_start), min(end, p_end)
            if lo >= hi:
                kept.append(p)
                continue
            a, b = lo - p_start, hi - p_start
            if a > 0:
                kept.append(Piece(p.start, p.start + a, p.text[:a]))
            cut.append(Piece(p.start + a, p.start + b, p.text[a:b]))
            if b < len(p.text):
                kept.append(Piece(p.start + b, p.end, p.text[b:]))
        return replace(self, pieces=tuple(kept)), tuple(cut)


@dataclass(frozen=True, slots=True)
class Removal:
    """Seed text that the build did not publish as content, and why."""

    rule: str
    """The name of the cleaning rule that took it out."""
    line: int
    """1-based line of the seed the text stood on."""
    start: int
    end: int
    text: str
    moved_to: str | None = None
    """The front-matter field the text moved to, or None when it was noise."""


@dataclass(frozen=True, slots=True)
class Page:
    """A seed after the page rules (clean), before it is cut into articles (split)."""

    seed: Seed
    lines: tuple[WorkLine, ...]
    removals: tuple[Removal, ...]
    """What the page rules took out, in seed order."""
    meta: tuple[tuple[int, str, str], ...]
    """Text the page rules moved to front matter, as (line, field, value)."""


@dataclass(frozen=True, slots=True)
class Change:
    """A repair inside kept text: ``before`` in the seed became ``after`` on the page."""

    rule: str
    line: int
    before: str
    after: str
    editorial: bool = False
    """True when readers should see the repair (restored numbering)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or heading of a document body."""

    id: str
    """Stable anchor, e.g. ``p7``; heading and paragraph ids share one counter."""
    kind: str
    """``paragraph`` or ``heading``."""
    level: int
    """Heading level (2 or 3); 0 for paragraphs."""
    text: str
    """Canonical Simplified text after repairs."""
    source: str
    """The seed characters this block was made from, before repairs (for accounting)."""
    lines: tuple[int, int]
    """First and last seed line (1-based)."""
    changes: tuple[Change, ...] = ()
    text_hant: str = ""
    """Traditional edition of ``text``."""
    pieces: tuple[Piece, ...] = ()
    """The seed pieces ``source`` was made from (for exact accounting)."""
    original: str | None = None
    """Text before an editorial correction (shown on request), or None."""
    correction_reason: str | None = None
    """The editor's reason for the correction, or None."""


@dataclass(frozen=True, slots=True)
class Head:
    """The headline block of an article."""

    title: str
    kicker: str | None
    subtitle: str | None
    lines: tuple[int, int]
    source: str
    """Seed characters of all head lines, for accounting."""
    pieces: tuple[Piece, ...] = ()
    changes: tuple[Change, ...] = ()
    """Repairs made to the headline texts."""
    title_hant: str = ""
    """Traditional edition of ``title`` (the script stage); ``kicker_hant``, ``subtitle_hant`` likewise."""
    kicker_hant: str | None = None
    subtitle_hant: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article cut out of a seed, cleaned, before extraction."""

    seed: Seed
    index: int
    """1-based position in the seed."""
    count: int
    """How many articles the seed held."""
    head: Head | None
    blocks: tuple[Block, ...]
    removals: tuple[Removal, ...]
    lines: tuple[int, int]
    meta: tuple[tuple[str, str], ...] = ()
    """Text moved to front matter, as (field, value) in seed order."""


@dataclass(frozen=True, slots=True)
class NamedPark:
    """A park the text names that the registry does not know (``parknames``)."""

    name: str
    """As the text writes it (Traditional on a Traditional page)."""
    paragraph: str
    """The first block that names it."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a document comes from beyond what its page says; editorial files supply it
    (``source:``), and the page says plainly what is not known."""

    issuer: str | None = None
    """The body that issued or first published it (上海市嘉定区人民政府)."""
    url: str | None = None
    """The original publisher's page."""
    copy_url: str | None = None
    """A re-post the seed text was taken from, when the original is not known."""
    published: str | None = None
    """Publication date (ISO), where it differs from the date the text gives."""
    retrieved: str | None = None
    """When the seed was scraped (ISO)."""
    archive: str | None = None
    """An archived copy (web.archive.org, archive.today)."""
    note: str | None = None
    """What else is known of the source, e.g. how the original was searched for."""
    note_en: str | None = None
    """The note in English, for the English edition."""


@dataclass(frozen=True, slots=True)
class Document:
    """A published (or excluded) document: an article plus its metadata."""

    id: str
    article: Article
    title: str
    title_hant: str
    kicker: str | None
    kicker_hant: str | None
    subtitle: str | None
    date: str | None
    date_evidence: str | None
    doc_type: str
    outlet: str | None
    url: str | None
    byline: tuple[str, ...]
    dateline: str | None
    published: bool
    exclusion: str | None
    topic_hits: int
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    regions: tuple = ()
    """Subject regions (``tag.Tag``), each with its evidence paragraph."""
    parks: tuple = ()
    other_parks: tuple = ()
    """Parks the text names that the registry does not know (``NamedPark``)."""
    tags: tuple = ()
    """Sectors and organisations (``tag.Tag``)."""
    goals: tuple = ()
    """``facts.Goal`` values."""
    events: tuple = ()
    """``facts.Event`` values."""
    unresolved: tuple = ()
    """``facts.Unresolved``: dates the build would not guess."""
    subtitle_hant: str | None = None
    """Traditional edition of ``subtitle``."""
    provenance: Provenance = Provenance()
    english: "English | None" = None
    """Editor-supplied English (title, summary, paragraph translations)."""
    notes_by_paragraph: tuple = ()
    """``(paragraph id, Note)`` pairs from the editorial file."""
    mentions: tuple = ()
    """``tag.Mention``: every registry name the text writes, where; the tag stage finds them, facts reads them."""


@dataclass(frozen=True, slots=True)
class Translation:
    """An editor's English for one paragraph, tied to the source text it translated."""

    en: str
    source: str
    """Fingerprint of the Chinese paragraph the translation was made from."""
    current: str
    """Fingerprint of the paragraph now."""

    @property
    def stale(self) -> bool:
        return self.source != self.current


@dataclass(frozen=True, slots=True)
class English:
    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    summary: str | None = None
    paragraphs: tuple[tuple[str, Translation], ...] = ()
    facts: tuple[tuple[str, "FactTranslation"], ...] = ()
    """Goal metrics and event titles and places in English, by goal or event id."""
    by: str | None = None
    """Who translated (a translator credit)."""
    status: str = "machine-draft"
    """``machine-draft`` (not yet read by a person) or ``human-reviewed``."""

    def paragraph(self, block_id: str) -> Translation | None:
        return dict(self.paragraphs).get(block_id)

    def fact(self, fact_id: str) -> "FactTranslation | None":
        return dict(self.facts).get(fact_id)


@dataclass(frozen=True, slots=True)
class FactTranslation:
    """The English of a goal's metric, or an event's title and place, with the Chinese it
    translates: when the Chinese changes, the English is stale and is not shown."""

    zh: str
    en: str
    current: str
    """The Chinese the document has now."""
    place_zh: str | None = None
    place_en: str | None = None

    @property
    def stale(self) -> bool:
        return self.zh != self.current


@dataclass(frozen=True, slots=True)
class Note:
    """An editor's annotation on a paragraph, in Chinese and/or English."""

    zh: str | None
    en: str | None


# --------------------------------------------------------------------------- the registry's values

@dataclass(frozen=True)
class Noise:
    """``registry/noise.yml``, with patterns compiled."""

    site_chrome: tuple[str, ...]
    footer_markers: tuple[str, ...]
    publish_labels: tuple[str, ...]
    source_labels: tuple[str, ...]
    author_labels: tuple[str, ...]
    counter_labels: tuple[str, ...]
    lead_markers: tuple[str, ...]
    credit_suffixes: tuple[str, ...]
    credit_labels: tuple[str, ...]
    credit_roles: tuple[str, ...]
    caption_patterns: tuple[re.Pattern, ...]
    continuation_openers: tuple[str, ...]
    photo_reference: re.Pattern
    word_debris: tuple[re.Pattern, ...]
    outlets: tuple[str, ...]
    navigation: tuple[str, ...] = ()
    copyright: tuple[str, ...] = ()
    end_markers: tuple[str, ...] = ()
    junk_sources: tuple[str, ...] = ()
    info_table_labels: tuple[str, ...] = ()
    dateline: re.Pattern = field(init=False)
    credit: re.Pattern = field(init=False)
    trailing_credit: re.Pattern = field(init=False)

    def __post_init__(self):
        name = f"[{HAN}]{{2,4}}"
        suffixes = "|".join(map(re.escape, self.credit_suffixes))
        labels = "|".join(map(re.escape, sorted(self.credit_labels, key=len, reverse=True)))
        roles = "|".join(map(re.escape, sorted(self.credit_roles, key=len, reverse=True)))
        object.__setattr__(self, "credit", re.compile(
            rf"^\s*(?:[{HAN}]{{2,8}}(?:{suffixes})"
            rf"|(?:{labels})\s*[:：]?\s*{name}(?:[\s、，,]+{name}){{0,3}}"
            rf"|{name}(?:\s+{name}){{0,2}}\s+(?:{roles}))\s*$"))
        object.__setattr__(self, "trailing_credit", re.compile(
            rf"[。！？”]\s+({name}(?:\s+{name}){{0,2}}\s+(?:{roles}))\s*$"))
        outlets = "|".join(map(re.escape, sorted(self.outlets, key=len, reverse=True)))
        # Any outlet-like name (…网, …社, …报, …台, …客户端), not only the listed ones.
        outlet = rf"(?:{outlets}|(?![{HAN}]{{0,9}}本报)[{HAN}]{{1,10}}?(?:网|社|报|台|客户端|新闻))"
        # 央广网南京12月21日消息(记者景明  通讯员杨军  蔡伟) / 新华社上海3月1日电 / 江南时报讯
        # / 中央社記者楊淑閔台北18日電 (matched on folded text)
        object.__setattr__(self, "dateline", re.compile(
            rf"^\s*(?P<open>[(（])?(?P<outlet>{outlet})(?:记者[{HAN}]{{2,3}})?(?P<place>[{HAN}]{{0,6}}?)"
            rf"(?:(?P<date>(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日)(?:电|消息|讯)|讯(?=[\s:：，,(（]))"
            r"(?(open)[)）]?)"
            r"(?:\s*[(（](?P<credit>[^()（）\n]{1,60})[)）])?"
        ))


@dataclass(frozen=True)
class Topic:
    terms: tuple[str, ...]
    min_body_hits: int


@dataclass(frozen=True, slots=True)
class TermOverride:
    simplified: str
    traditional: str


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    aliases: tuple[str, ...]
    """Other names that always mean this region (curated in regions.yml, or a
    province's or prefecture's short name: 浙江, 宁波)."""
    parent: str | None
    path: tuple[str, ...]
    """Names from the top: ('上海市', '嘉定区')."""
    ids: tuple[str, ...]
    """Ids from the top, ending with this one."""
    en: str | None = None
    """English name, for the English edition."""
    adcode: str | None = None
    """GB/T 2260 code from the gazetteer; None for places below county level."""
    level: str = ""
    """``province``, ``prefecture``, ``county``, ``zone`` (a functional zone the NBS codes among counties)
    or ``local`` (a town or zone from regions.yml)."""
    short_names: tuple[str, ...] = ()
    """A county's name without its suffix (慈溪 for 慈溪市): it means this county only
    where the document also names one of its ancestors, since short names repeat
    across China and double as common words (和平, 朝阳, 新华)."""
    curated: bool = False
    """Named in regions.yml (it then also feeds the search dictionary)."""


@dataclass(frozen=True)
class Park:
    id: str
    name: str
    aliases: tuple[str, ...]
    region: str
    kind: str
    about: str
    en: str | None = None
    about_en: str | None = None
    """The description in English, for the English edition."""


@dataclass(frozen=True)
class Gloss:
    """A glossary entry (registry/glossary.yml)."""

    zh: str
    pinyin: str
    en: str
    note: str


@dataclass(frozen=True)
class Term:
    """A sector or an organisation: a tag."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    en: str | None = None


# --------------------------------------------------------------------------- pickling, quickly

def quick_pickling(cls: type) -> type:
    """Pickle a frozen, slotted dataclass by its field names, worked out once. The cache stores
    every seed's documents as pickles, and dataclasses' own ``__setstate__`` calls ``fields()``
    for each object it unpickles: a third of the time of reading a cached build."""
    names = tuple(f.name for f in fields(cls))

    def getstate(self):
        return [getattr(self, n) for n in names]

    def setstate(self, state):
        for n, v in zip(names, state):
            object.__setattr__(self, n, v)
    cls.__getstate__, cls.__setstate__ = getstate, setstate
    return cls


for _cls in [c for c in list(globals().values()) if isinstance(c, type) and c.__module__ == __name__
             and is_dataclass(c) and "__slots__" in c.__dict__]:
    quick_pickling(_cls)
