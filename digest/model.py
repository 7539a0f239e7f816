"""The values that flow between pipeline stages.

Every stage takes frozen values and returns new ones. Offsets (`start`, `end`)
always index `Seed.text`, the seed after decoding and normalisation, so any piece
of text can be traced back to the exact characters it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field


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
    """Traditional edition of ``text``."""


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
    """Parks the text names that the registry does not know (``parknames.NamedPark``)."""
    tags: tuple = ()
    """Sectors and organisations (``tag.Tag``)."""
    goals: tuple = ()
    """``facts.Goal`` values."""
    events: tuple = ()
    """``facts.Event`` values."""
    unresolved: tuple = ()
    """``facts.Unresolved``: dates the build would not guess."""
    provenance: Provenance = Provenance()
    english: "English | None" = None
    """Editor-supplied English (title, summary, paragraph translations)."""
    notes_by_paragraph: tuple = ()
    """``(paragraph id, Note)`` pairs from the editorial file."""


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

    def paragraph(self, block_id: str) -> Translation | None:
        return dict(self.paragraphs).get(block_id)


@dataclass(frozen=True, slots=True)
class Note:
    """An editor's annotation on a paragraph, in Chinese and/or English."""

    zh: str | None
    en: str | None
