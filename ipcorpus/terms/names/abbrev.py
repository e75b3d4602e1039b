"""Abbreviations defined in text: (short form, long form) pairs, English and Chinese.

:func:`abbreviations` pairs short and long forms: English with Schwartz & Hearst (2003) in both orders
(``Patent Cooperation Treaty (PCT)``, ``PCT (Patent Cooperation Treaty)``), Chinese ``全称（简称X）``,
``（以下简称“X”）``, ``，以下简称“X”`` and ``中文名称（ABC）``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ipcorpus.segment.tokens import tokenize_zh_tagged
from ipcorpus.terms.names.en import ROMAN
from ipcorpus.terms.names.spans import HAS_CJK, KIND_RANK, Span, simplified
from ipcorpus.terms.names.zh import nameish, zh_name_spans

_PAREN = re.compile(r"\(([^()\n]{1,120})\)")
_SF_WORD = re.compile(r"[A-Za-z0-9][\w&.\-/]*")


def _short_form(s: str) -> bool:
    """Schwartz & Hearst's short-form test, stricter on case: 2-10 characters, at most two words, two capitals."""
    s = s.strip()
    return (2 <= len(s) <= 10 and len(s.split()) <= 2 and s[0].isalnum() and any(c.isalpha() for c in s)
            and sum(c.isupper() for c in s) >= 2 and not ROMAN.fullmatch(s))


def _best_long_form(sf: str, lf: str) -> str | None:
    """Schwartz & Hearst (2003): match the short form's characters right to left in the candidate long form;
    its first character must start a word. Returns the shortest long form that fits, or None."""
    s, li = len(sf) - 1, len(lf) - 1
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while li >= 0 and (lf[li].lower() != c or (s == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        s -= 1
    start = lf.rfind(" ", 0, li + 1) + 1
    return lf[start:]


def _valid_pair(sf: str, lf: str | None) -> bool:
    return bool(lf) and len(lf) > len(sf) and sf.lower() not in lf.lower().split() and len(lf.split()) >= 2


def _en_abbreviations(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _PAREN.finditer(text):
        inner = re.split(r"[;,]", m.group(1))[0].strip()
        before = text[:m.start()]
        if _short_form(inner):
            clause = re.split(r"[.;:!?()\n\"“”]\s", before)[-1].strip()
            words = clause.split()
            n = min(len(inner) + 5, 2 * len(inner))
            lf = _best_long_form(inner, " ".join(words[-n:]))
            if lf and _valid_pair(inner, lf):
                out.append((inner, lf))
            continue
        prev = re.search(r"([A-Za-z0-9][\w&\-]*)\s*$", before)
        if prev and _short_form(prev.group(1)):
            sf = prev.group(1)
            if len(inner.split()) <= min(len(sf) + 5, 2 * len(sf)):
                lf = _best_long_form(sf, inner)
                if lf and _valid_pair(sf, lf) and inner.endswith(lf) and len(lf) >= len(inner) - 4:
                    out.append((sf, lf))
    return out


_ZH_ABBR = re.compile(r"[（(]\s*(?:以下|下文)?\s*(?:简称|簡稱|下称|下稱|以下称|以下稱)\s*[:：]?\s*[“\"「『‘]?"
                      r"([^“”\"「」『』‘’()（）\s，,。；;]{1,15})[”\"」』’]?\s*[）)]"
                      r"|[，,]\s*(?:以下|下文)?\s*(?:简称|簡稱|下称|下稱)\s*[:：]?\s*[“\"「『]"
                      r"([^“”\"「」『』\s，,。；;]{1,15})[”\"」』]")
_ZH_LATIN_ABBR = re.compile(r"[（(]\s*([A-Z][A-Za-z0-9&\-]{1,9})\s*[）)]")


def _is_subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(c in it for c in short)


def _zh_long_form(text: str, end: int, spans: Sequence[Span]) -> str | None:
    """The name, title or quotation that ends right before position ``end`` (brackets excluded)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    fits = [s for s in spans if s.end == end or (s.end == end - 1 and text[s.end] in "》〉”」』\"’'")]
    if fits:
        return min(fits, key=lambda s: (KIND_RANK[s.kind], -len(s.text))).text
    toks = [t for t in tokenize_zh_tagged(simplified(text[max(0, end - 30):end])) if t.text.strip()]
    run = []
    for t in reversed(toks):
        if not nameish(t) or len(run) >= 8:
            break
        run.insert(0, t)
    while run and run[0].pos not in {"n", "nz", "nt", "ns", "j"}:
        run.pop(0)
    if len(run) < 2:
        return None
    offset = max(0, end - 30)
    return text[offset + run[0].start:offset + run[-1].end]


def _zh_abbreviations(text: str) -> list[tuple[str, str]]:
    if not HAS_CJK.search(text):
        return []
    simp = simplified(text)
    spans: list[Span] | None = None
    out = []
    for m in [*_ZH_ABBR.finditer(simp), *_ZH_LATIN_ABBR.finditer(simp)]:
        if m.re is _ZH_LATIN_ABBR and not (m.start() > 0 and (HAS_CJK.match(simp[m.start() - 1])
                                                              or simp[m.start() - 1] in "》”」")):
            continue
        g = m.lastindex or 1
        short = text[m.start(g):m.end(g)]
        if spans is None:
            spans = zh_name_spans(text)
        long_ = _zh_long_form(text, m.start(), spans)
        if not long_ or len(long_) <= len(short):
            continue
        if m.re is _ZH_ABBR and not _is_subsequence(simplified(short), simplified(long_)):
            continue
        out.append((short, long_))
    return out


def abbreviations(text: str) -> list[tuple[str, str]]:
    """(short form, long form) pairs defined in parentheses, English and Chinese, in order, without repeats."""
    seen, out = set(), []
    for pair in [*_en_abbreviations(text), *_zh_abbreviations(text)]:
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out
