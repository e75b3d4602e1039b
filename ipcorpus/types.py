"""The plain data types that flow between the pipeline stages.

ingest/segment produce a :class:`Document` per language (paragraphs of sentences); align produces an
:class:`Alignment` of :class:`Bead` s; terms produce a :class:`Glossary` of :class:`TermEntry` s.
Stages only exchange these types; none reaches into another stage's internals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["zh", "en"]

#: Paragraph kinds. ``residue`` is chart/figure debris (runs of numbers and names) that the aligner
#: may leave unpaired; it is kept so that no input character is lost.
PARAGRAPH_KINDS = ("title", "heading", "body", "list-item", "table-row", "caption", "residue")


@dataclass
class Sentence:
    """One sentence. ``id`` is its 0-based index among all sentences of its document (document order)."""

    id: int
    text: str
    para: int = 0  # id of the paragraph that holds it


@dataclass
class Paragraph:
    """A unit of the source text: a paragraph, heading, table row, caption or residue block.

    ``start_line``/``end_line`` are 1-based line numbers in the source file (inclusive); a paragraph
    rejoined across a page break spans the lines of all its pieces.
    """

    id: int
    lang: Lang
    kind: str
    text: str
    start_line: int = 0
    end_line: int = 0
    sentences: list[Sentence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "kind": self.kind,
            "text": self.text,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "sentences": [{"id": s.id, "text": s.text} for s in self.sentences],
        }


@dataclass
class Document:
    """All paragraphs of one language of one input, in document order."""

    lang: Lang
    paragraphs: list[Paragraph] = field(default_factory=list)
    source: str = ""

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    def iter_sentences(self) -> Iterator[Sentence]:
        for p in self.paragraphs:
            yield from p.sentences

    @classmethod
    def from_sentences(cls, lang: Lang, texts: list[str], source: str = "") -> Document:
        """A pre-split document: one paragraph of kind ``body`` per sentence (line i -> sentence i)."""
        paras = [
            Paragraph(id=i, lang=lang, kind="body", text=t, start_line=i + 1, end_line=i + 1,
                      sentences=[Sentence(id=i, text=t, para=i)])
            for i, t in enumerate(texts)
        ]
        return cls(lang=lang, paragraphs=paras, source=source)


@dataclass(frozen=True)
class Bead:
    """A minimal aligned unit: Chinese sentence ids, English sentence ids, confidence in [0, 1].

    ``zh`` or ``en`` may be empty (a 1-0 or 0-1 bead: a sentence left untranslated).
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass
class Alignment:
    """Beads over two documents. Every sentence of each document is in exactly one bead, in order.

    ``meta`` is the signature: ipcorpus version, encoder, parameters (written into every output).
    """

    zh: Document
    en: Document
    beads: list[Bead]
    meta: dict[str, Any] = field(default_factory=dict)

    def pairs(self) -> Iterator[tuple[Bead, str, str]]:
        """Yield (bead, Chinese text, English text); sentences of a bead are joined as the languages
        join them (no space in Chinese, one space in English)."""
        zh_s = self.zh.sentences
        en_s = self.en.sentences
        for b in self.beads:
            yield b, "".join(zh_s[i].text for i in b.zh), " ".join(en_s[i].text for i in b.en)


@dataclass
class Example:
    """An aligned segment pair that shows a term in use."""

    zh: str
    en: str
    segment_id: int | None = None


@dataclass
class Definition:
    """The sentence pair in which the text defines a term ("X means ...", "X指……"), in both languages."""

    zh: str
    en: str
    segment_id: int | None = None


@dataclass
class Translation:
    target: str
    confidence: float
    count: int = 0


@dataclass
class TermEntry:
    """A source term with its ranked translations, frequency and examples."""

    source: str
    translations: list[Translation]
    frequency: int = 0
    examples: list[Example] = field(default_factory=list)
    origin: str = "mined"  # "mined" or "imported" (a team's approved term)
    note: str = ""
    #: what the entry names: "term", "name" (an organisation, office or place), "title" (a law, plan or
    #: document in 《》), "quoted" (a programme or slogan in quotation marks) or "abbreviation".
    kind: str = "term"
    definition: Definition | None = None

    @property
    def best(self) -> Translation | None:
        return self.translations[0] if self.translations else None


@dataclass
class Glossary:
    entries: list[TermEntry] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
