"""Definition clauses of one side of a pair: the text cut into clauses, each opened by a defined term.

1. **Clauses.** Each side of a pair is cut into fragments at clause and sentence ends (``；`` ``。``
   ``;`` ``. ``) and after dashes (``——`` ``—``: a legislative definition list runs its entries together,
   and a dangling entry "X指——" is followed straight by the next one). A fragment that starts with a
   definition (step 2) opens a clause; a fragment that does not ("違反該協議可引致……", "and then make
   ...", the text after an item list) is continued into the open clause, or dropped before the first.
2. **Heads.** After numbering ("(1)", "(a)", "第二条") and openers ("在本條例中，除文意另有所指外——",
   "本办法所称", "In this Ordinance, unless the context otherwise requires—", "the term", "如……，")
   are cut off, a clause defines a term when it starts with the term, an optional qualifier
   ("就……而言，", ", in relation to ...,") and a marker: 指 / 是指 / 包括 / 不包括 / 具有……涵義 /
   ……的涵義與……相同 / 亦有相應的涵義 / ——參閱; means / includes / does not include / refers to /
   has the (same) meaning / has a corresponding meaning / —see. A bare "X——" / "X—" counts inside a
   definition list (a unit with "除文意另有所指外" / "unless the context otherwise requires" or two
   other definitions) or after a scoping opener ("在第(1)款中，" / "In subsection (1),"). The term
   must look like one: Chinese at most :data:`~ipcorpus.terms.definitions.zh.ZH_MAX` characters
   (:data:`~ipcorpus.terms.definitions.zh.ZH_MAX_LIST` inside a list), no clause punctuation, not a
   sentence (no modal verb, no leading conjunction or determiner); English at most
   :data:`~ipcorpus.terms.definitions.en.EN_MAX_WORDS` words, kept as written. Variants are split:
   "交、交付", "簽及簽署" (one part extends the other), "sign and signature include" (plural verb). An
   inline copy of the other language's term in parentheses, "delivery (交 、 交付)", is cut from the term
   and kept as a hint.

The Chinese patterns are in :mod:`ipcorpus.terms.definitions.zh`, the English ones in
:mod:`ipcorpus.terms.definitions.en`.
"""

from __future__ import annotations

from ipcorpus.segment.text import separator
from ipcorpus.terms.definitions.base import Clause
from ipcorpus.terms.definitions.en import en_fragments, en_head_of
from ipcorpus.terms.definitions.zh import ZH_MAX, zh_fragments, zh_head_of


def zh_definition_clauses(text: str) -> list[Clause]:
    """The definition clauses of a Chinese text (Simplified or Traditional), in text order."""
    return _clauses(text, "zh")


def en_definition_clauses(text: str) -> list[Clause]:
    """The definition clauses of an English text, in text order."""
    return _clauses(text, "en")


def _split(text: str, lang: str) -> list[str]:
    parts = zh_fragments(text) if lang == "zh" else en_fragments(text)
    return [p for p in parts if p and p.strip()]


def _head_of(frag: str, lang: str, in_list: bool, scoped_before: bool = False) -> tuple[Clause | None, bool, bool]:
    """The clause a fragment opens (None if it opens none); whether the fragment carried a list opener;
    whether it was nothing but a scoping opener ("(6)在第(5)款中——", "In subsection (5)—"), whose scope
    then carries over to the next fragment."""
    if lang == "zh":
        return zh_head_of(frag, in_list, scoped_before)
    return en_head_of(frag, in_list, scoped_before)


def _heads(frags: list[str], lang: str, in_list: bool) -> list[tuple[Clause | None, bool]]:
    out: list[tuple[Clause | None, bool]] = []
    carry = False
    for f in frags:
        c, listed, only_opener = _head_of(f, lang, in_list, carry)
        carry = only_opener
        out.append((c, listed))
    return out


def _clauses(text: str, lang: str) -> list[Clause]:
    if not text or not text.strip():
        return []
    frags = _split(text, lang)
    # first pass: is this a definition list (a list opener, or at least two marked definitions)?
    heads = _heads(frags, lang, False)
    in_list = any(listed for _, listed in heads) or sum(1 for c, _ in heads if c and c.kind != "head") >= 2
    if in_list:
        heads = _heads(frags, lang, True)
    out: list[Clause] = []
    for frag, (clause, _) in zip(frags, heads, strict=True):
        if clause is not None:
            out.append(clause)
        elif out:
            out[-1].extra.append(frag)
    for c in out:
        if c.extra:
            joiner = separator(lang)
            c.text = (c.text + joiner + joiner.join(x.strip() for x in c.extra)).strip()
            c.body = (c.body + joiner + joiner.join(x.strip() for x in c.extra)).strip()
            c.extra = []
    if not in_list:
        # outside a definition list a long Chinese "term" is more likely a sentence than a term
        out = [c for c in out if lang != "zh" or len(c.term) <= ZH_MAX]
    return out
