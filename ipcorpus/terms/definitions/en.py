"""English definition heads: where an English fragment starts with a defined term and its marker.

Numbering ("(1)", "(a)", "Section 2") and openers ("In this Ordinance, unless the context otherwise
requires—", "the term") are cut off; the term comes before a marker means / includes / does not include
/ refers to / has the (same) meaning / has a corresponding meaning / —see, after an optional qualifier
(", in relation to ...,"). It is at most :data:`EN_MAX_WORDS` words, kept as written; "sign and
signature include" (a plural verb) gives two variants; an inline Chinese copy in parentheses,
"delivery (交 、 交付)", is cut from the term and kept as a hint. See
:mod:`ipcorpus.terms.definitions.clauses`.
"""

from __future__ import annotations

import re

from ipcorpus.terms.definitions.base import HAS_CJK, PAREN, Clause, strip_quotes

#: longest English term (words)
EN_MAX_WORDS = 8

_EN_SPLIT = re.compile(r"(?<=;)|(?<=[—–])|(?<=[.!?])\s+(?=[A-Z(\"“‘])|\n")
_EN_ENUM = re.compile(r"^\s*(?:[+*•·▪■●◆]\s*|\((?:[0-9]{1,3}[A-Za-z]{0,5}|[a-z]{1,2}[0-9]?|[ivxlc]{1,6})\)\s*|[0-9]+(?:\.[0-9]+)+\s+|Article\s+\d+\s+|Section\s+\d+\S*\s+(?=\S))")
_EN_LIST_OPENER = re.compile(
    r"^(?:(?:unless the context (?:otherwise )?(?:requires|indicates|admits)(?: otherwise)?|except where the context "
    r"(?:otherwise )?requires)\s*(?:[,:—–]|--)?|[^;:—]{0,80}?\bthe following (?:terms|expressions|words)\b[^;:—]{0,80}?[:—–]|"
    r"[^;:—]{0,80}?\b(?:are|is) defined as follows\s*[:—–])\s*",
    re.I,
)
_EN_SCOPE_OPENER = re.compile(
    r"^(?:[Ii]n|Throughout|[Ff]or the purposes? of|For|Under|As used in)\s+(?:(?:sub)?(?:sections?|paragraphs?|clauses?|regulations?|articles?|rules?)\s+(?:\d[\w()]*|\([\w]+\)[\w()]*)(?:\s*(?:,|and|or|to)\s*(?:\d[\w()]*|\([\w]+\)[\w()]*))*\s*,?|[^,;—–]{1,80}?(?:,|—|–|:))\s*"
)
_EN_OTHER_OPENERS = (
    re.compile(r"^(?:(?:As used|Used) herein|Herein|For the purposes hereof|Hereinafter)\s*,?\s*", re.I),
    re.compile(r"^(?:the|The)\s+(?:terms?|expressions?|words?|phrases?)\s+(?=\S)"),
    re.compile(r"^(?:and|or)\s+(?=\S)"),
)
_EN_MARKER = re.compile(
    r"(?:,?\s+|\s*(?=[—–]))(?P<m>shall mean|shall include|shall not include|does not include|do not include|"
    r"means(?!\s+of\b)|mean(?!\s+of\b)|"
    r"includes|include|refers to|refer to|(?:is|are) defined as|(?:has|have) the (?:same )?meanings?|"
    r"(?:has|have) (?:a )?corresponding meanings?|[—–]\s*see)\b"
)
_EN_QUAL_START = (
    "in", "for", "with", "subject", "when", "where", "except", "as", "under", "unless", "save", "other",
    "within", "on", "at", "by", "used", "applied", "referring", "whether", "if",
)
_EN_BAD_FIRST = frozenset(
    "the a an this that these those such any each every no it its he she they we you there which who whom "
    "our your his her their my "
    "whose where when if and or but to as by in on at of for from with not all some".split()
)
_EN_BAD_WORD = frozenset(
    "must shall may will would should can could is are was were be been being does did do has have had "
    "which who whom whose there it he she they unless whether".split()
)
_EN_BAD_LAST = frozenset("by of to in for with on at from as and or the a an".split())
_EN_TERM_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-'’()./&]*$")


def _en_term_hints(term: str) -> tuple[str, tuple[str, ...]]:
    """Cut an inline Chinese copy "(交 、 交付)" out of an English term."""
    hints: list[str] = []

    def cut(m: re.Match[str]) -> str:
        if HAS_CJK.search(m.group(1)):
            hints.extend(h for h in (re.sub(r"\s+", "", x) for x in re.split(r"[、,，/]", m.group(1))) if h)
            return ""
        return m.group(0)

    return re.sub(r"\s+", " ", PAREN.sub(cut, term)).strip(), tuple(hints)


def _clean_en_term(t: str) -> tuple[str, tuple[str, ...]]:
    """An English term without its inline Chinese copy and its quotes; (term, copies)."""
    term, hints = _en_term_hints(t)
    return strip_quotes(term), hints


def _valid_en_term(t: str) -> bool:
    raw = _en_term_hints(t)[0]
    quoted = len(raw) > 2 and raw[0] in "\"“‘'" and raw[-1] in "\"”’'"
    t = strip_quotes(raw)
    if not t or not _EN_TERM_CHARS.match(t) or re.search(r"\.\s+[A-Z]", t):
        return False
    words = t.split()
    if len(words) > EN_MAX_WORDS or len(t) == 1:
        return False
    if words[0].lower() in _EN_BAD_FIRST and not (quoted and words[0].lower() in ("the", "a", "an")):
        return False
    if any(w.lower() in _EN_BAD_WORD for w in words) or (len(words) > 1 and words[-1].lower() in _EN_BAD_LAST):
        return False
    return bool(re.search(r"[A-Za-z]", t)) and t.count("(") == t.count(")")


def _strip_en_openers(s: str) -> tuple[str, bool, bool]:
    listed = scoped = False
    while True:
        before = s
        s = s.lstrip()
        m = _EN_ENUM.match(s)
        if m and m.end() < len(s):
            s = s[m.end():]
        m = _EN_SCOPE_OPENER.match(s)
        if m and not scoped:
            s, scoped = s[m.end():], True
        m = _EN_LIST_OPENER.match(s)
        if m:
            s, listed = s[m.end():], True
        for rx in _EN_OTHER_OPENERS:
            m = rx.match(s)
            if m and m.end() < len(s):
                s = s[m.end():]
        if s == before:
            return s, listed, scoped


def _en_term_from_prefix(prefix: str) -> str | None:
    p = prefix.strip().rstrip(",").strip()
    if p[-1:] == ":":
        p = p[:-1].rstrip()  # a contract's '"Confidential Information": means ...', a law's "1. Trade secret: refers to"
    # "X as used in this Act", "X referred to in section 2", "Trade secrets mentioned in the preceding
    # paragraph": the qualifier is no part of the term
    m = re.match(r"^(?P<t>.+?)\s+(?:as\s+)?(?:used|referred to|mentioned|defined)\s+(?:in|herein|hereinafter|above|below)\b.*$", p)
    if m and _valid_en_term(m.group("t")):
        return m.group("t").strip()
    if _valid_en_term(p):
        return p
    m = re.match(r"^(?P<t>[^,]+?),\s+(?P<q>[^;]+?),?$", p)
    if m and m.group("q").split()[0].lower() in _EN_QUAL_START and _valid_en_term(m.group("t")):
        return m.group("t").strip()
    return None


def _en_head(s: str) -> tuple[str, str, str, bool] | None:
    """(term, marker kind, body, plural verb?) of an English fragment starting with a definition."""
    for m in _EN_MARKER.finditer(s):
        if m.start() == 0:
            continue
        mk = m.group("m")
        prefix = s[: m.start()]
        term = _en_term_from_prefix(prefix)
        if term is None and "include" not in mk:
            # "the Commissioner means ...", "A well-known trademark refers to ...": the article is not part
            # of the term (but "the device includes a housing" describes, it does not define)
            art = re.match(r"^(?:the|The|an?|An?)\s+(?=[A-Za-z])", prefix)
            term = _en_term_from_prefix(prefix[art.end():]) if art else None
        if term is None:
            continue
        if "include" in mk:
            kind = "excludes" if "not" in mk else "includes"
        elif "meaning" in mk or "defined" in mk:
            kind = "meaning"
        elif "see" in mk:
            kind = "see"
        else:
            kind = "means"
        plural = mk in ("mean", "include", "refer to", "do not include", "are defined as") or mk.startswith("have")
        body = s[m.start():].lstrip(" ,") if kind in ("meaning", "see") else s[m.end():]
        return term, kind, body, plural
    return None


def en_fragments(text: str) -> list[str]:
    """An English text cut at clause and sentence ends and after dashes (empty pieces included)."""
    # "cease means ..., and diminish has a corresponding meaning": the second term opens its own clause
    text = re.sub(r",?\s+(and|or)\s+(?=[^,;—]{1,60}?\s+ha(?:s|ve) (?:a )?corresponding meanings?)", r"\n\1 ", text)
    return _EN_SPLIT.split(text)


def _en_deemed(s: str) -> tuple[str, str] | None:
    """"... is deemed to be an X within the meaning of this Ordinance": (term, body)."""
    m = re.search(r"\b(?:is|are|be|being)\s+(?:(?:deemed|taken|treated|regarded)\s+(?:to be|as)\s+)?(?:of\s+)?"
                  r"(?:an?\s+|the\s+)?(?P<t>[A-Za-z][\w\- ]{1,80}?)\s+within the meaning of\s+(?:this|the|that)\s+"
                  r"(?:Ordinance|Act|Law|Regulations?|Rules?|Code|section|Part|Schedule|Directive)\b", s)
    if m and _valid_en_term(m.group("t")):
        return m.group("t"), s[: m.start("t")] + s[m.end("t"):]
    # "A person is deemed to be insolvent who ...", "A thing is deemed to be done in good faith when ..."
    m = re.search(r"\b(?:is|are)\s+deemed\s+to\s+be\s+(?:an?\s+|the\s+)?(?P<t>[A-Za-z][\w\- ]{1,40}?)"
                  r"\s*(?:,\s*)?\b(?:who|which|if|when|where|unless)\b", s)
    if m and len(m.group("t").split()) <= 4 and _valid_en_term(m.group("t")):
        return m.group("t"), s[: m.start("t")] + s[m.end("t"):]
    # "Goods are in a deliverable state when they are in such a state that ..."
    m = re.match(r"^(?:[A-Z][\w\- ]{0,40}?)\s+(?:is|are)\s+in\s+an?\s+(?P<t>[a-z][\w\- ]{1,40}?)\s+(?:when|if)\b", s)
    if m and len(m.group("t").split()) <= 3 and _valid_en_term(m.group("t")):
        return m.group("t"), s[: m.start("t")] + s[m.end("t"):]
    return None


def en_head_of(frag: str, in_list: bool, scoped_before: bool = False) -> tuple[Clause | None, bool, bool]:
    """The clause an English fragment opens (None if it opens none); whether the fragment carried a list
    opener; whether it was nothing but a scoping opener ("In subsection (5)—"), whose scope then carries
    over to the next fragment."""
    s, listed, scoped = _strip_en_openers(frag)
    scoped = scoped or scoped_before
    only_opener = (scoped or listed) and not re.sub(r"[—–\s]+", "", s)
    h = _en_head(s)
    if h:
        term, kind, body, plural = h
        term, hints = _clean_en_term(term)
        variants = (term,)
        if plural:
            parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|or)\s+", term) if p.strip()]
            if len(parts) > 1 and all(_valid_en_term(p) for p in parts):
                variants = tuple(parts)
        return Clause(variants, frag.strip(), body.strip(), kind, hints, listed, scoped), listed, False
    bare = re.match(r"^(?P<p>.+?)\s*[—–]\s*$", s)
    if bare and (in_list or listed or scoped):
        term = _en_term_from_prefix(bare.group("p"))
        if term:
            term, hints = _clean_en_term(term)
            return Clause((term,), frag.strip(), "", "head", hints, listed, scoped), listed, False
    d = _en_deemed(s)
    if d:
        return Clause((strip_quotes(d[0]),), frag.strip(), d[1].strip(), "deemed", (), listed, scoped), listed, False
    return None, listed, only_opener


#: "A geographical indication is a sign ...", "Trade secrets are information ...": a copula followed by an
#: article opens a definition only where the Chinese of the same pair marks one (X是指……); on its own the
#: English says too little ("The system is a success")
_EN_COPULA = re.compile(r"^(?:(?:[Aa]n?|[Tt]he)\s+)?(?P<t>[^,;:]{2,80}?)\s+(?P<v>is|are)\s+(?=(?:a|an|the|any|one)\s)")


def en_copular_clause(text: str) -> Clause | None:
    """The clause of an English text that is one sentence "(A/An/The) X is/are a/an/the ...", X a valid
    term (after the openers "In this Law," ...); None otherwise."""
    frags = [f for f in en_fragments(text) if f and f.strip()]
    if len(frags) != 1:
        return None
    s = _strip_en_openers(frags[0])[0]
    m = _EN_COPULA.match(s)
    if not m or not _valid_en_term(m.group("t")):
        return None
    term, hints = _clean_en_term(m.group("t"))
    return Clause((term,), frags[0].strip(), s[m.end():].strip(), "means", hints)
