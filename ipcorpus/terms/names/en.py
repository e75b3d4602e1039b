"""English name spans: quoted titles and names, capitalised name runs, places and acronyms.

:func:`en_name_spans`:

* ``title`` / ``quoted``: "…" and “…” (ASCII quotes paired in order) without sentence punctuation or
  commas, at most 20 words, not a lower-case clause of five words or more; ``title`` when Title Case with
  three words or more, else ``quoted``.
* ``name`` / ``place`` / ``event`` / ``title``: runs of capitalised words joined by of/and/for/on/in/&
  ("the" only after one of those or after a gerund: "Strengthening the …"), with ``Co., Ltd.`` and a
  parenthesised capitalised part (``China (Zhejiang)``); cut at "and the", at "and"/"in" after a
  complete name (…Bureau and Hangzhou City) and before a capitalised article. Leading articles,
  determiners, ordinal words and capitalised function words (The, In, Under, If …) are dropped, a
  trailing possessive 's too; a run at the start of a sentence, list item or labelled line ("Section 2",
  "Figure 1") otherwise needs two capitalised words. A lone capitalised word is kept only mid-sentence
  and when it reads as Hanyu Pinyin of two syllables or more with a Pinyin letter group (Hangzhou,
  Ningbo: kind ``place``; not Yuan, China, Madrid). Roman numerals and single letters (Part VII) are
  labels, not words. The kind comes from the last word: Ordinance/Law/Act/Treaty … ``title``,
  Games/Forum/Conference/Award … (a leading ordinal kept then: "19th Asian Games") ``event``,
  Province/City/County … after Pinyin ``place``, otherwise ``name``. In Title Case text (headings,
  captions, table rows) only runs ending in an organisation, event or law word are kept; runs inside a
  longer quoted span are left to it.
* ``place`` also: one or two romanised words before Province/City/County/District … (Zhejiang Province).
* ``abbreviation``: acronyms (two capitals or more: SIPO, PCT, IoT; not Roman numerals), in parentheses
  or not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ipcorpus.terms.names.pinyin import pinyin_word, syllable_count
from ipcorpus.terms.names.spans import HAS_CJK, Span, ascii_quote_pairs, finish, make_span, trimmed_span

_CONNECTORS = {"of", "and", "for", "the", "on", "in", "&"}
_ARTICLES = {"the", "a", "an"}
#: words that start sentences without starting a name.
_STARTERS = set("""the a an this these that those there it its in on at under by for from to with as of and but or
if when while since after before during upon although though however moreover furthermore also all each every
some any no other such our we they he she his her their both either neither more most many several following
according among between through within without where what which who how why further meanwhile besides
additionally first firstly second secondly third finally then thus therefore hence so yet not only over about
against along across around like unless until whether here now today currently recently last next i you your
one two three four five six seven eight nine ten upon my let because surely indeed whereas provided
notwithstanding except pursuant subject save""".split())
_ORG_WORDS = set("""office bureau administration department ministry commission committee council center centre court
courts tribunal procuratorate university college institute institution academy association alliance federation
society union platform base company group bank branch agency authority customs library station window outlet
park government assembly board organization organisation school hospital laboratory exchange team corporation
league chamber secretariat""".split())
_EVENT_WORDS = set("""games conference forum expo exposition fair exhibition summit festival competition contest
championship championships olympics congress week day campaign award awards prize""".split())
_LAW_WORDS = set("""ordinance act law regulation regulations rules code treaty convention agreement constitution
protocol""".split())
_PLACE_WORDS = {"province", "city", "county", "district", "prefecture", "municipality", "region", "town", "township",
                "village"}

_EN_TOKEN = re.compile(r"""
  (?P<co>\bCo\.?\s?,\s?Ltd\b\.?|\bCo\.?,?\s?Ltd\b\.?|\b(?:Co|Ltd|Inc|Corp)\.)
| (?P<paren>\([^()\n]{1,60}\))
| (?P<ord>\b\d+(?:st|nd|rd|th)\b)
| (?P<num>\d+[A-Za-z]*(?:[.,]\d+[A-Za-z]*)*%?)
| (?P<word>[A-Za-z][A-Za-z0-9]*(?:\s?['’]\s?s\b|(?<=s)\s?['’](?!\w))?(?:[-–][A-Za-z0-9]+)*\+?)
| (?P<punct>\S)
""", re.X)
_LATIN = re.compile(r"[A-Za-z]")
_UPPER = re.compile(r"[A-Z]")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9&]{1,9}\b")
ROMAN = re.compile(r"[IVXLCDM]+")
#: a Roman numeral with an optional letter, as in "Part IIA", "Phase II" (a label, not part of a name).
_ROMAN_LABEL = re.compile(r"[IVX]+[A-D]?")
_INITIAL_MARKER = re.compile(r"(?:^|\s)\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)$")
#: a label before the words: "Section 25 ", "Figure 5 2019 ", "2 " at the start of a line or sentence.
_LABEL_BEFORE = re.compile(r"(?:^|[.!?:;]\s|\n)\s*(?:[A-Z][a-z]*\.?\s+)?(?:(?:\d[\dA-Za-z.,]*|[IVXivx]+)[.:)]?\s+)+$")
#: words dropped from the start of a run wherever it stands: articles, determiners, ordinal words.
_LEADING_DROP = set("""the a an this these that those such said any each every other all both first second third
fourth fifth sixth seventh eighth ninth tenth""".split())


class _Tok(NamedTuple):
    kind: str
    start: int
    end: int
    text: str


def _is_acronym(word: str) -> bool:
    """SIPO, PCT, IoT, H3C: a letter first, two capitals or more, few lower-case letters, not a Roman
    numeral (IIA, VIII)."""
    upper = sum(c.isupper() for c in word)
    lower = sum(c.islower() for c in word)
    return (2 <= len(word) <= 10 and word[0].isalpha() and upper >= 2 and lower <= 2
            and not ROMAN.fullmatch(word) and not (len(word) > 2 and _ROMAN_LABEL.fullmatch(word)))


def _cap_group(inner: str) -> bool:
    """``(Zhejiang)``, ``(Binjiang District)``: capitalised words (not an acronym) that can sit inside a name."""
    words = inner.split()
    return (1 <= len(words) <= 4 and words[0][:1].isupper() and not _is_acronym(inner.strip())
            and all(w[:1].isupper() or w in _CONNECTORS for w in words)
            and all(re.fullmatch(r"[A-Za-z][\w'’\-]*", w) or w == "&" for w in words))


def _en_tokens(text: str) -> list[_Tok]:
    """Words, numbers, ordinals, parenthesised parts, company forms and punctuation; a Roman numeral
    (with a letter: IIA) or a single letter counts as a number."""
    out = []
    for m in _EN_TOKEN.finditer(text):
        kind, word = m.lastgroup or "punct", m.group(0)
        if kind == "word" and (len(word) == 1 or _ROMAN_LABEL.fullmatch(word)):
            kind = "num"
        out.append(_Tok(kind, m.start(), m.end(), word))
    return out


def _is_cap(t: _Tok) -> bool:
    return t.kind == "co" or (t.kind == "word" and t.text[0].isupper())


def _en_runs(text: str, toks: Sequence[_Tok]) -> list[list[_Tok]]:
    """Maximal runs of capitalised words (with connectors, Co., Ltd. and parenthesised capitalised parts)."""
    runs: list[list[_Tok]] = []
    run: list[_Tok] = []

    def flush() -> None:
        nonlocal run
        while run and (run[-1].kind != "co" and run[-1].kind != "paren" and not _is_cap(run[-1])):
            run.pop()
        if run:
            runs.append(run)
        run = []

    for t in toks:
        if run and "\n" in text[run[-1].end:t.start]:
            flush()
        if _is_cap(t):
            run.append(t)
            if t.kind == "co":
                flush()
        elif t.kind == "word" and t.text in _CONNECTORS and run and run[-1].kind != "ord":
            after_word = _is_cap(run[-1]) or run[-1].kind == "paren"
            gerund = run[-1].kind == "word" and run[-1].text.endswith("ing")
            if (after_word and (t.text != "the" or gerund)) or (not after_word and t.text == "the"):
                run.append(t)  # "of", "of the", "Strengthening the"; not "X the Y" (apposition), "and in"
            else:
                flush()
        elif t.kind == "paren" and run and _is_cap(run[-1]) and _cap_group(t.text[1:-1]):
            run.append(t)
        elif t.kind == "ord":
            flush()
            run = [t]
        else:
            flush()
    flush()
    return runs


def _split_coordination(run: list[_Tok]) -> list[list[_Tok]]:
    """Cut a run into names: before a capitalised article ("…Court, The People's…" has no comma here), at
    "and the", and at "and"/"in" after a complete name (…Bureau and Hangzhou City), after a single
    romanised word (Changxing and Anji) or between two single words; articles and connectors at the
    edges of a piece are dropped."""
    pieces: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for j, t in enumerate(run):
        nxt = run[j + 1].text if j + 1 < len(run) else ""
        if t.text in {"The", "A", "An"}:
            pieces.append(cur)
            cur = []
            continue
        if t.text in {"and", "&", "in"} and cur and (
                (t.text != "in" and nxt == "the") or _head_class(cur) in {"org", "place", "event", "law"}
                or (len(cur) == 1 and (pinyin_word(cur[0].text) or len(run) == j + 2))):
            pieces.append(cur)
            cur = []
            continue
        cur.append(t)
    pieces.append(cur)
    out = []
    for p in pieces:
        while p and p[0].kind == "word" and (p[0].text in _CONNECTORS or p[0].text.lower() in _LEADING_DROP):
            p = p[1:]
        while p and p[-1].kind == "word" and (p[-1].text in _CONNECTORS or p[-1].text.lower() in _ARTICLES):
            p = p[:-1]
        if p:
            out.append(p)
    return out


def _last_word(run: Sequence[_Tok]) -> str:
    for t in reversed(run):
        if t.kind == "co":
            return "company"
        if t.kind == "word":
            return t.text.lower()
    return ""


def _head_class(run: Sequence[_Tok]) -> str:
    if any(t.kind == "co" for t in run):
        return "org"
    last = _last_word(run)
    if last in _ORG_WORDS:
        return "org"
    if last in _EVENT_WORDS:
        return "event"
    if last in _LAW_WORDS:
        return "law"
    if last in _PLACE_WORDS:
        return "place"
    return ""


def _sentence_initial(text: str, start: int) -> bool:
    """Does position ``start`` begin a sentence, a list item, a quotation or a labelled line?"""
    before = text[:start].rstrip()
    if not before or before[-1] in ".!?:;…\"“‘'—–-•·":
        return True
    window = text[start - 80:start] if start > 80 else text[:start]
    return bool(_INITIAL_MARKER.search(before) or _LABEL_BEFORE.search(("x" if start > 80 else "") + window))


def _cap_words(run: Sequence[_Tok]) -> list[_Tok]:
    return [t for t in run if _is_cap(t) and t.text not in _CONNECTORS]


def _title_like(toks: Sequence[_Tok]) -> bool:
    """Headings, captions and table rows in Title Case: capitals there do not mark names."""
    content = [t for t in toks if t.kind == "word" and t.text.lower() not in _CONNECTORS | _STARTERS]
    return len(content) >= 4 and sum(t.text[0].isupper() for t in content) >= 0.85 * len(content)


def _classify(run: Sequence[_Tok]) -> str:
    head = _head_class(run)
    if head == "law":
        return "title"
    if head == "event":
        return "event"
    if head == "place":
        stem = [t for t in run if t.kind == "word"][:-1]
        if 1 <= len(stem) <= 3 and all(syllable_count(t.text) for t in stem):
            return "place"
    return "name"


def _accept_run(text: str, run: list[_Tok], title_like: bool) -> Span | None:
    """The span of a capitalised run after the sentence-start and single-word rules, or None."""
    if run[0].kind == "word" and run[0].text.lower() in _STARTERS:
        run = run[1:]  # "In Ningbo", "If Esau", "As for …": a capitalised function word starts no name
        while run and run[0].kind == "word" and run[0].text in _CONNECTORS:
            run = run[1:]
    elif _sentence_initial(text, run[0].start) and len(_cap_words(run)) < 2:
        return None
    if run and run[0].kind == "ord" and _head_class(run) != "event":
        run = run[1:]  # "7th Zhejiang Province …": the ordinal belongs to something else
    if not run:
        return None
    if len(run) == 1:
        word = run[0].text
        if (run[0].kind != "word" or _is_acronym(word) or not pinyin_word(word)
                or _sentence_initial(text, run[0].start)):
            return None
        return make_span(text, run[0].start, run[0].end, "place")
    if title_like and _head_class(run) not in {"org", "event", "law"}:
        return None
    end = run[-1].end
    possessive = re.search(r"\s?['’]\s?s$|(?<=s)['’]$", run[-1].text) if run[-1].kind == "word" else None
    if possessive:
        end -= len(possessive.group(0))  # "Chen Qingyang's": the name without the possessive
    return make_span(text, run[0].start, end, _classify(run))


_EN_PLACE = re.compile(r"\b([A-Z][a-z]+) (?:([A-Z][a-z]+) )?(?:Province|City|County|District|Prefecture|"
                       r"Municipality|Special Administrative Region|Autonomous Region|province|city|county|district)\b")


def _en_places(text: str) -> list[Span]:
    """A romanised name (one or two words) before Province, City, County …: Zhejiang Province, Hong Kong
    Special Administrative Region, Taizhou city."""
    out = []
    for m in _EN_PLACE.finditer(text):
        if syllable_count(m.group(1)) and (m.group(2) is None or syllable_count(m.group(2))):
            out.append(make_span(text, m.start(), m.end(), "place"))
        elif m.group(2) and syllable_count(m.group(2)):
            out.append(make_span(text, m.start(2), m.end(), "place"))
    return out


def _en_quoted(text: str) -> list[Span]:
    out = []
    pairs = [(m.start(1), m.end(1)) for m in re.finditer(r"“([^“”\n]{1,200})”", text)]
    pairs += ascii_quote_pairs(text, '"')
    for start, end in pairs:
        inner = text[start:end]
        if inner != inner.strip() or not re.search(r"[A-Za-z]", inner) or HAS_CJK.search(inner):
            continue
        if re.search(r"[,;!?]|[.:]\s|[.:]$", inner.rstrip(".") if inner.endswith(("Ltd.", "Co.")) else inner):
            continue
        words = inner.split()
        if len(words) > 20 or (words[0][:1].islower() and (len(words) >= 5 or re.fullmatch(r"[a-z]+", inner))):
            continue  # a lower-case clause, or a single plain word defined or cited
        content = [w for w in words if w.lower() not in _CONNECTORS]
        titled = (len(words) >= 3 and words[0][:1].isupper()
                  and sum(w[:1].isupper() for w in content) >= 0.6 * len(content))
        out.append(make_span(text, start, end, "title" if titled else "quoted"))
    return out


def _en_acronyms(text: str, toks: Sequence[_Tok]) -> list[Span]:
    n_letters = len(_LATIN.findall(text))
    shouting = n_letters >= 12 and len(_UPPER.findall(text)) > 0.6 * n_letters
    out = []
    for t in toks:
        if t.kind == "paren":
            inner = t.text[1:-1]
            if _is_acronym(inner.strip()):
                out.append(trimmed_span(text, t.start + 1, t.end - 1, "abbreviation"))
            continue
        if t.kind == "word" and not shouting:
            for m in _ACRONYM.finditer(t.text):
                if m.group(0) == t.text and _is_acronym(t.text):
                    out.append(make_span(text, t.start, t.end, "abbreviation"))
    return [s for s in out if s]


def en_name_spans(text: str) -> list[Span]:
    """Quoted titles and names, capitalised name runs, places and acronyms in English text (see module doc)."""
    if not _LATIN.search(text):
        return []
    toks = _en_tokens(text)
    title_like = _title_like(toks)
    quoted = _en_quoted(text)
    spans: list[Span] = []
    for run in _en_runs(text, toks):
        for piece in _split_coordination(run):
            span = _accept_run(text, piece, title_like)
            if span is not None and not any(q.start <= span.start and span.end <= q.end and q.end - q.start
                                            > span.end - span.start for q in quoted):
                spans.append(span)
    return finish([*quoted, *spans, *_en_places(text), *_en_acronyms(text, toks)])
