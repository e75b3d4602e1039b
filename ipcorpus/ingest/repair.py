"""From lines of extracted text to paragraph units: classification and page-break repair.

The text is first cut into *pieces*: every non-blank line is a piece; a line that carries Chinese and
then English (or the reverse) is cut into two (:func:`ipcorpus.ingest.script.split_mixed`). Each piece
gets a language and a class:

* ``table-row`` — the line contains a tab between cells or ends in tabs (one unit per row);
* ``caption`` — ``图 1: …``, ``表 2 …``, ``Figure 1 …``, ``Fig. 2 …``, ``Table 3 …`` (short lines);
* ``residue`` — chart debris: at least :data:`RESIDUE_MIN_TOKENS` space-separated tokens, most of them
  numbers, symbols or short names, and no clause punctuation;
* ``text`` — everything else.

Text pieces are then assembled into paragraphs per language. A piece *continues* the open paragraph of
its language (the last one, when only captions, residue or table rows came in between) when

1. the paragraph does not end a sentence (last character, before closing quotes/brackets, is not one
   of ``。！？!?….:：``) and the piece does not start a new unit (a numbering such as ``1.``, ``一、``,
   ``II.``, ``(3)``, or a bullet ``-`` — a bullet only counts when the paragraph is short, since a long
   unfinished paragraph followed by ``- 系》。…`` is a page break, not a new item); a heading or title
   takes only a short continuation without sentence punctuation; or
2. the paragraph is a numbered item that so far holds only its short lead sentence
   (``1. Optimize and improve systems and mechanisms.``) and the piece is unnumbered text: the
   document's numbered paragraphs run the lead and the body together.

Chinese pieces are joined without a space, English pieces with one space. Spaces between two Chinese
characters (PDF line-wrap debris such as ``工作 的意见``) are removed. Kinds: ``title`` (text pieces
before the first sentence of running text), ``heading`` (``一、…``, ``I. …``), ``list-item`` (numbered or
bulleted), ``body``, plus the piece classes above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipcorpus.ingest.script import majority_lang, split_mixed
from ipcorpus.segment import split_en, split_zh
from ipcorpus.segment.chars import CJK_TEXT, HAN_BASIC
from ipcorpus.segment.text import join_text, tidy_zh
from ipcorpus.types import Document, Lang, Paragraph, Sentence

RESIDUE_MIN_TOKENS = 6
RESIDUE_MAX_CHARS = 5000
CAPTION_MAX_CHARS = 160
HEADING_MAX = {"zh": 60, "en": 220}
SHORT_PARA = {"zh": 80, "en": 200}  # a bullet after a paragraph shorter than this starts a new item
LEAD_MAX = {"zh": 30, "en": 100}  # a numbered lead sentence at most this long takes the body after it

_CJK_CHARS = CJK_TEXT
_CAPTION = re.compile(rf"^(?:[图表]\s*\d+|(?:Figure|Fig\.|Table|Chart)\s*\d+)(?:\s|[:：.．,，]|$|(?=[{HAN_BASIC}]))")
_NUMBERING = re.compile(
    r"^(?:\d{1,3}\s*[.、．)）](?!\d)|[一二三四五六七八九十]{1,3}\s*[、.．]|[IVXLC]{1,6}\.\s"
    r"|[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[a-zA-Z])\s*[)）])"
)
_BULLET = re.compile(r"^[-–•●▪◆■]\s+")
_HEADING = re.compile(r"^(?:[-–•]\s*)?(?:[一二三四五六七八九十]{1,3}\s*、|[IVXLC]{1,6}\.\s|第[一二三四五六七八九十\d]+[章节部分])")
_CLOSING = r"\"'”’」』》）)】\]\s"  # what may follow a sentence terminator at the end of a paragraph
_TERMINAL_END = re.compile(rf"[。！？!?…:：.][{_CLOSING}]*$")
_CLOSING_ONLY = re.compile(rf"[{_CLOSING}]*")  # with .fullmatch: nothing but closing marks and spaces
_HAS_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")
_CLAUSE_PUNCT = re.compile(r"[。，、；,;：:!?！？]")
_DEBRIS_TOKEN = re.compile(rf"^(?:[^A-Za-z{_CJK_CHARS}]+|[{HAN_BASIC}]{{1,4}}|[A-Z][a-z]{{1,12}})$")


@dataclass
class Piece:
    """One line, or one language's part of a line, before paragraphs are assembled."""

    lang: Lang | None
    text: str
    line: int
    cls: str  # "text", "table-row", "caption", "residue"
    block: int  # index of the blank-line separated block the line belongs to


@dataclass
class _Para:
    """A paragraph being assembled. Its length and whether it ends a sentence are kept up to date as
    pieces are added (:meth:`add`), so that deciding whether the next piece continues it costs the
    length of that piece, not of the whole paragraph (joining the pieces at every line was quadratic
    in the number of lines of one paragraph)."""

    lang: Lang
    kind: str
    pieces: list[str] = field(default_factory=list)
    start_line: int = 0
    end_line: int = 0
    length: int = field(default=0, init=False)  # len(self.text)
    at_sentence_end: bool = field(default=False, init=False)  # ends_sentence(self.text)

    def __post_init__(self) -> None:
        pieces, self.pieces = self.pieces, []
        for piece in pieces:
            self.add(piece)

    def add(self, piece: str) -> None:
        """Append ``piece``; update :attr:`length` and :attr:`at_sentence_end` from it alone."""
        if self.pieces:
            self.length += 0 if self.lang == "zh" else 1  # the separator of join_pieces
        self.pieces.append(piece)
        self.length += len(piece)
        if not _CLOSING_ONLY.fullmatch(piece):
            # the separator and a piece of closing marks only leave the verdict as it was; any other piece
            # holds the text's last character outside the closing marks, which decides it
            self.at_sentence_end = ends_sentence(piece)

    @property
    def text(self) -> str:
        return join_pieces(self.lang, self.pieces)


def join_pieces(lang: Lang, pieces: list[str]) -> str:
    """Join paragraph pieces: Chinese without a space, English with one."""
    return join_text(lang, pieces)


def is_table_row(raw: str) -> bool:
    """A line with a tab between cells, or ending in tabs (spreadsheet export)."""
    return "\t" in raw.strip() or raw.rstrip(" ").endswith("\t")


def is_caption(text: str) -> bool:
    """``图 1: …``, ``Figure 1 …`` and the like, on a short line."""
    return len(text) <= CAPTION_MAX_CHARS and bool(_CAPTION.match(text))


def is_residue(text: str) -> bool:
    """Chart debris: many tokens, at least 60 % numbers/symbols/short names, and no clause punctuation
    except inside numbers."""
    if len(text) > RESIDUE_MAX_CHARS:
        return False
    tokens = text.split()
    if len(tokens) < RESIDUE_MIN_TOKENS:
        return False
    if _CLAUSE_PUNCT.search(re.sub(r"(?<=\d)[.,:](?=\d)", "", text)):
        return False
    debris = sum(1 for t in tokens if _DEBRIS_TOKEN.match(t))
    numeric = sum(1 for t in tokens if not re.search(rf"[A-Za-z{_CJK_CHARS}]", t))
    return debris >= 0.6 * len(tokens) and numeric >= 0.3 * len(tokens)


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with a sentence terminator (closing quotes/brackets allowed after it)."""
    return bool(_TERMINAL_END.search(text))


def starts_new_unit(text: str) -> bool:
    """True when ``text`` opens with numbering (``1.``, ``一、``, ``II.``, ``(3)``)."""
    return bool(_NUMBERING.match(_BULLET.sub("", text)))


def make_pieces(text: str, lang: Lang | None = None) -> list[Piece]:
    """Cut normalised text into pieces (see the module docstring). With ``lang`` given, every piece has
    that language (one-language input); otherwise languages are detected and mixed lines are cut."""
    pieces: list[Piece] = []
    block = 0
    for lineno, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            block += 1
            continue
        if is_table_row(raw):
            pieces.append(Piece(lang or majority_lang(raw), raw.strip(), lineno, "table-row", block))
            continue
        parts = [(lang, raw)] if lang else split_mixed(raw)
        for part_lang, part in parts:
            part = part.strip()
            if not part:
                continue
            cls = "caption" if is_caption(part) else "residue" if is_residue(part) else "text"
            pieces.append(Piece(part_lang or (lang or majority_lang(part)), part, lineno, cls, block))
    _fill_languages(pieces)
    return pieces


def _fill_languages(pieces: list[Piece]) -> None:
    """Give pieces without letters or ideographs (numbers only) the language of their neighbours."""
    last: Lang | None = None
    for p in pieces:
        if p.lang is None:
            p.lang = last
        last = p.lang or last
    nxt: Lang | None = None
    for p in reversed(pieces):
        if p.lang is None:
            p.lang = nxt or "zh"
        nxt = p.lang


def _text_kind(text: str, lang: Lang, front_matter: bool) -> str:
    if front_matter:
        return "title"
    if len(text) <= HEADING_MAX[lang] and _HEADING.match(text):
        return "heading"
    if _BULLET.match(text) or starts_new_unit(text):
        return "list-item"
    return "body"


def _continues(par: _Para, piece: Piece) -> bool:
    """Whether ``piece`` continues ``par`` (rules 1 and 2 of the module docstring)."""
    text, lang = piece.text, par.lang
    if starts_new_unit(text) or _HEADING.match(text) or is_caption(text):
        return False
    bullet = bool(_BULLET.match(text))
    if par.kind in ("title", "heading"):
        short = len(text) <= HEADING_MAX[lang] // 2 and not _HAS_SENTENCE_END.search(text)
        return short and not bullet and not par.at_sentence_end
    if not par.at_sentence_end:
        return not bullet or par.length >= SHORT_PARA[lang]
    if par.kind == "list-item" and len(par.pieces) == 1 and not bullet:
        lead = _BULLET.sub("", par.text)
        one_sentence = len(split_zh(lead) if lang == "zh" else split_en(lead)) == 1
        return one_sentence and len(lead) <= LEAD_MAX[lang]
    return False


def assemble(pieces: list[Piece]) -> dict[Lang, list[_Para]]:
    """Assemble pieces into paragraphs per language (rules in the module docstring)."""
    out: dict[Lang, list[_Para]] = {"zh": [], "en": []}
    open_para: dict[Lang, _Para | None] = {"zh": None, "en": None}
    first_body = next(
        (i for i, p in enumerate(pieces) if p.cls == "text" and _HAS_SENTENCE_END.search(p.text)), len(pieces)
    )
    for i, p in enumerate(pieces):
        lang: Lang = p.lang or "zh"
        if p.cls != "text":
            out[lang].append(_Para(lang, p.cls, [p.text], p.line, p.line))
            continue
        other: Lang = "en" if lang == "zh" else "zh"
        open_para[other] = None  # running text of the other language interrupts it
        par = open_para[lang]
        if par is not None and _continues(par, p):
            par.add(p.text)
            par.end_line = p.line
        else:
            par = _Para(lang, _text_kind(p.text, lang, i < first_body), [p.text], p.line, p.line)
            out[lang].append(par)
            open_para[lang] = par
    return out


def _sentences_of(kind: str, lang: Lang, text: str) -> list[str]:
    if kind in ("table-row", "caption", "residue"):
        return [" ".join(text.split())]
    return split_zh(text) if lang == "zh" else split_en(text)


def to_document(lang: Lang, paras: list[_Para], source: str = "") -> Document:
    """Number paragraphs and sentences (sentence ids global within the document)."""
    doc = Document(lang=lang, source=source)
    sid = 0
    for pid, par in enumerate(paras):
        text = par.text
        if lang == "zh" and par.kind not in ("table-row", "residue"):
            text = tidy_zh(text)
        sentences = []
        for s in _sentences_of(par.kind, lang, text):
            sentences.append(Sentence(id=sid, text=s, para=pid))
            sid += 1
        doc.paragraphs.append(
            Paragraph(id=pid, lang=lang, kind=par.kind, text=text, start_line=par.start_line,
                      end_line=par.end_line, sentences=sentences)
        )
    return doc
