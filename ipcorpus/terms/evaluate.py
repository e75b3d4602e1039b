"""Measuring a mined glossary against a reference glossary and hand judgments.

**Reference file** (:func:`load_reference`): a TSV, one Chinese term a row, ``zh<TAB>en<TAB>count…``;
blank lines and lines starting with ``#`` are skipped; a first row whose first cell is ``zh`` is a header
(its ``en`` and ``count`` columns are then found by name, other columns ignored); without a header the
English is column 2 and the count column 3 (optional; further columns ignored). The English cell holds
the term's renderings, split by the *variant separator*: by default (``"auto"``) ``|`` when any English
cell of the file contains a ``|`` (``corpora/whitepaper-2019/glossary.ref.tsv`` style), else ``", "``
(``hk-legislation-dev/terms.tsv`` style: "sign, signature"); ``"none"`` never splits. ``count`` is how
often the Chinese term occurs in the document; rows without one count for every recall threshold.

**Hand judgments** (:func:`read_judgments`): ``zh<TAB>en<TAB>yes|no<TAB>reason`` rows.

**Rows** of the glossary are its entries in order (best first); a row is judged on its Chinese term and
its *best* (first) rendering.

* **precision@N**: share of the top N rows that are correct: the term is a reference term and the
  rendering one of its renderings, or the pair was judged ``yes`` by hand. Rows neither confirmed by
  the reference nor judged count as wrong (listed as *unjudged*).
* **precision@N of reference terms**: the same over the top N rows *whose Chinese is a reference term*
  (the figure for references that list only some kinds of term, e.g. the defined terms of a law).
* **recall**: share of the reference terms counted at least ``min_count`` times that are *found*: an
  entry for the term has a correct rendering among all its renderings. *Listed* counts the terms that
  are an entry at all, whatever their renderings.

English is compared after :func:`norm_en`. Chinese is compared exactly, and also after converting both
sides to Simplified Chinese with ``ipcorpus.segment.script.to_simplified`` when that module exists (so a
Traditional Chinese glossary meets a Simplified reference and the other way round).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ipcorpus.errors import InputError
from ipcorpus.terms.mining.corpus import lemma_en
from ipcorpus.types import Glossary, TermEntry

#: characters stripped from both ends of every English word before comparison (quotes, brackets, stops)
_EDGE_PUNCT = "\"'“”‘’«»()[]{}.,;:!?"
HEADER_FIRST_CELLS = ("zh", "source", "chinese")
_EN_HEADERS = ("en", "target", "english")


def norm_en(text: str) -> str:
    """English rendering in the miner's normal form, lower case: every word lemmatised (plurals
    singular), a hyphen counts as a space ("high-quality development" = "high quality development",
    "patent-pledged" = "patent pledged"), quotes/brackets/stops at word ends dropped, spaces collapsed."""
    words = (w.strip(_EDGE_PUNCT) for w in text.replace("-", " ").split())
    return " ".join(lemma_en(w) for w in words if w).lower()


def _simplifier() -> Callable[[str], str] | None:
    """The Traditional -> Simplified converter used to match Chinese terms across scripts."""
    from ipcorpus.segment.script import to_simplified

    return to_simplified


# ------------------------------------------------------------------------------------------ reading


@dataclass
class Reference:
    """A reference glossary: Chinese term -> renderings (normalised and as written) and count."""

    renderings: dict[str, set[str]]
    written: dict[str, list[str]]
    counts: dict[str, int | None]
    variant_sep: str = "|"
    path: str = ""

    def __len__(self) -> int:
        return len(self.renderings)

    def terms(self, min_count: int = 0) -> list[str]:
        """Reference terms counted at least ``min_count`` times (terms without a count always), file order."""
        return [z for z in self.renderings if (self.counts.get(z) is None or self.counts[z] >= min_count)]


def _split_variants(cell: str, sep: str) -> list[str]:
    parts = [cell] if sep == "none" else cell.split(sep)
    return [v.strip() for v in parts if v.strip()]


def load_reference(path: str | Path, *, variant_sep: str = "auto") -> Reference:
    """Read a reference glossary TSV (layouts in the module docstring).

    ``variant_sep``: ``"auto"`` (``|`` if any English cell holds one, else ``", "``), ``"none"``, or the
    separator itself. Raises :class:`InputError` (one line naming the file and line) for a missing, empty
    or malformed file.
    """
    from ipcorpus.ingest.decode import read_text

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such reference file")
    header, rows = _reference_rows(read_text(p))
    if not rows:
        raise InputError(f"{p}: no reference rows (expected zh<TAB>en<TAB>count lines)")
    if header is not None:
        ei = next((header.index(h) for h in _EN_HEADERS if h in header), 1)
        ci = header.index("count") if "count" in header else None
    else:
        ei, ci = 1, 2
    if variant_sep == "auto":
        variant_sep = "|" if any(len(c) > ei and "|" in c[ei] for _, c in rows) else ", "
    ref = Reference({}, {}, {}, variant_sep, str(p))
    for lineno, cols in rows:
        if len(cols) <= ei:
            raise InputError(f"{p}:{lineno}: expected zh<TAB>en<TAB>count, found "
                             + ("no tab" if len(cols) == 1 else f"{len(cols)} columns"))
        zh, variants = cols[0], _split_variants(cols[ei], variant_sep)
        if not zh or not variants:
            raise InputError(f"{p}:{lineno}: a reference row needs a Chinese term and an English rendering")
        count = _count_cell(cols, ci, f"{p}:{lineno}")
        written = ref.written.setdefault(zh, [])
        written += [v for v in variants if v not in written]
        ref.renderings.setdefault(zh, set()).update(norm_en(v) for v in variants)
        old = ref.counts.get(zh)
        ref.counts[zh] = count if old is None else max(old, count or 0)
    return ref


def _reference_rows(text: str) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header (lower case; None without one) and the (line number, cells) of the rows of a reference
    file; blank lines and ``#`` comments are skipped."""
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if header is None and not rows and cols[0].lower() in HEADER_FIRST_CELLS:
            header = [c.lower() for c in cols]
            continue
        rows.append((lineno, cols))
    return header, rows


def _count_cell(cols: list[str], ci: int | None, where: str) -> int | None:
    """The count column of a reference row (None when there is none)."""
    if ci is None or ci >= len(cols) or not cols[ci]:
        return None
    try:
        return int(cols[ci])
    except ValueError:
        raise InputError(f"{where}: the count column holds {cols[ci][:40]!r}, not a whole number "
                         "(a reference glossary is zh<TAB>en<TAB>count)") from None


def read_reference(path: str | Path, *, variant_sep: str = "auto") -> dict[str, set[str]]:
    """zh -> set of normalised English renderings (see :func:`load_reference`)."""
    return load_reference(path, variant_sep=variant_sep).renderings


def read_judgments(path: str | Path, *, strict: bool = False) -> dict[tuple[str, str], bool]:
    """(zh, normalised en) -> judged correct? from a ``zh<TAB>en<TAB>yes|no<TAB>reason`` file.

    Lines starting with ``#`` and rows whose third cell is not yes/no (a header) are skipped. A missing
    file gives no judgments, unless ``strict``: then a missing file, or one without any judgment row,
    raises :class:`InputError`.
    """
    p = Path(path)
    out: dict[tuple[str, str], bool] = {}
    if not p.exists():
        if strict:
            raise InputError(f"{p}: no such judgments file")
        return out
    if strict:
        from ipcorpus.ingest.decode import read_text

        text = read_text(p)
    else:
        text = p.read_text(encoding="utf-8")
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 3 and not line.startswith("#") and cols[2].strip().lower() in ("yes", "no"):
            out[(cols[0].strip(), norm_en(cols[1]))] = cols[2].strip().lower() == "yes"
    if strict and not out:
        raise InputError(f"{p}: no judgment rows (expected zh<TAB>en<TAB>yes|no<TAB>reason lines)")
    return out


# ------------------------------------------------------------------------------------------ scoring


@dataclass
class Row:
    """A glossary row in a listing: its rank (1 = best), term, best rendering and verdict."""

    rank: int
    zh: str
    en: str
    verdict: str  # "reference", "judged yes", "judged no", "unjudged", "other rendering"
    reference: list[str] = field(default_factory=list)  # the reference's renderings, for "other rendering"


@dataclass
class GlossaryScore:
    precision: float
    k: int
    correct: int
    by_reference: int
    by_judgment: int
    unjudged: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)
    recall: float = 0.0
    found: int = 0
    reference_terms: int = 0
    missed: list[str] = field(default_factory=list)
    # precision over the top rows whose Chinese is a reference term
    ref_precision: float = 0.0
    ref_k: int = 0
    ref_correct: int = 0
    min_count: int = 0
    listed: int = 0
    entries: int = 0
    simplified: bool = False
    outside: list[Row] = field(default_factory=list)  # top-k rows whose Chinese is not a reference term
    other_rendering: list[Row] = field(default_factory=list)  # top-k rows: reference term, another rendering
    missed_counts: dict[str, int | None] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"precision@{self.k} {self.precision:.3f} ({self.correct}/{self.k}: {self.by_reference} by reference, "
                f"{self.by_judgment} by hand judgment, {len(self.wrong)} judged wrong, {len(self.unjudged)} unjudged); "
                f"precision@{self.ref_k} of reference terms {self.ref_precision:.3f} ({self.ref_correct}/{self.ref_k}); "
                f"recall {self.recall:.3f} ({self.found}/{self.reference_terms} reference terms"
                + (f" counted >= {self.min_count}" if self.min_count > 1 else "") + ")")

    def numbers(self) -> dict:
        """The figures only (what ``--json`` prints at its top level)."""
        return {"entries": self.entries, "k": self.k, "precision": round(self.precision, 4), "correct": self.correct,
                "by_reference": self.by_reference, "by_judgment": self.by_judgment, "judged_wrong": len(self.wrong),
                "unjudged": len(self.unjudged), "ref_k": self.ref_k, "ref_precision": round(self.ref_precision, 4),
                "ref_correct": self.ref_correct, "min_count": self.min_count,
                "reference_terms": self.reference_terms, "found": self.found, "listed": self.listed,
                "recall": round(self.recall, 4), "simplified_matching": self.simplified}

    def to_dict(self) -> dict:
        """Figures plus the listings (rows outside the reference, other renderings, missed terms)."""
        out = self.numbers()
        out["outside"] = [asdict(r) for r in self.outside]
        out["other_rendering"] = [asdict(r) for r in self.other_rendering]
        out["missed"] = [{"zh": z, "count": self.missed_counts.get(z)} for z in self.missed]
        return out


#: white space beside a Chinese character: no word space in Chinese, so a PDF's "亮剑 2019" is "亮剑2019"
_ZH_SPACE = re.compile(r"\s+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\s+")


def _zh_key(zh: str) -> str:
    return _ZH_SPACE.sub("", zh.strip())


class _ZhIndex:
    """Chinese keys looked up exactly (white space beside a Chinese character aside), else after
    conversion of both sides to Simplified."""

    def __init__(self, keys: Iterable[str], simp: Callable[[str], str] | None):
        self.simp = simp
        self.exact: dict[str, list[str]] = {}
        self.by_simp: dict[str, list[str]] = {}
        for k in keys:
            self.exact.setdefault(_zh_key(k), []).append(k)
            if simp is not None:
                self.by_simp.setdefault(simp(_zh_key(k)), []).append(k)

    def lookup(self, zh: str) -> list[str]:
        zh = _zh_key(zh)
        if zh in self.exact:
            return self.exact[zh]
        if self.simp is None:
            return []
        return self.by_simp.get(self.simp(zh), [])


class _Judge:
    """The verdict on a glossary row: its best rendering is the reference's, judged by hand, another
    rendering of a reference term, or unjudged."""

    def __init__(self, reference: Reference, judgments: dict[tuple[str, str], bool],
                 simp: Callable[[str], str] | None):
        self.reference, self.simp = reference, simp
        self.index = _ZhIndex(reference.renderings, simp)
        self.judged = {(_zh_key(zh), en): ok for (zh, en), ok in judgments.items()}
        if simp is not None:
            for (zh, en), ok in judgments.items():
                self.judged.setdefault((simp(_zh_key(zh)), en), ok)

    def __call__(self, e: TermEntry) -> tuple[str, list[str]]:
        ref = self.reference
        en = norm_en(e.translations[0].target) if e.translations else ""
        keys = self.index.lookup(e.source)
        if any(en in ref.renderings[z] for z in keys):
            return "reference", []
        j = self.judged.get((_zh_key(e.source), en))
        if j is None and self.simp is not None:
            j = self.judged.get((self.simp(_zh_key(e.source)), en))
        if j is not None:
            return ("judged yes" if j else "judged no"), []
        if keys:
            return "other rendering", [w for z in keys for w in ref.written.get(z, sorted(ref.renderings[z]))]
        return "unjudged", []


@dataclass
class _Top:
    """The verdicts on the top rows, tallied."""

    by_ref: int = 0
    by_judge: int = 0
    unjudged: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)
    outside: list[Row] = field(default_factory=list)
    other: list[Row] = field(default_factory=list)


def _tally_top(top: list[TermEntry], judge: _Judge) -> _Top:
    t = _Top()
    for rank, e in enumerate(top, 1):
        v, expected = judge(e)
        en_written = e.translations[0].target if e.translations else ""
        pair = (e.source, norm_en(en_written))
        if v == "reference":
            t.by_ref += 1
        elif v == "judged yes":
            t.by_judge += 1
        elif v == "judged no":
            t.wrong.append(pair)
        else:
            t.unjudged.append(pair)
        if not judge.index.lookup(e.source):
            t.outside.append(Row(rank, e.source, en_written, v))
        elif v == "other rendering":
            t.other.append(Row(rank, e.source, en_written, v, expected))
    return t


def _recall(glossary: Glossary, reference: Reference, terms: list[str],
            simp: Callable[[str], str] | None) -> tuple[int, int, list[str]]:
    """(found, listed with any rendering, missed) of the reference ``terms``."""
    gloss_index = _ZhIndex((e.source for e in glossary.entries), simp)
    by_source: dict[str, list[TermEntry]] = {}
    for e in glossary.entries:
        by_source.setdefault(e.source, []).append(e)
    found = listed = 0
    missed: list[str] = []
    for zh in terms:
        ens = reference.renderings[zh]
        hits = [e for src in gloss_index.lookup(zh) for e in by_source[src]]
        listed += bool(hits)
        if any(norm_en(t.target) in ens for e in hits for t in e.translations):
            found += 1
        else:
            missed.append(zh)
    return found, listed, missed


def score_glossary(glossary: Glossary, reference: Reference | dict[str, set[str]],
                   judgments: dict[tuple[str, str], bool] | None = None, *, k: int = 100,
                   min_count: int = 0) -> GlossaryScore:
    """Precision of the top ``k`` rows, of the top ``k`` rows that are reference terms, and recall of
    the reference terms counted at least ``min_count`` times (see the module docstring).

    Unjudged rows outside the reference count as wrong."""
    if not isinstance(reference, Reference):
        reference = Reference(dict(reference), {z: sorted(v) for z, v in reference.items()},
                              dict.fromkeys(reference))
    simp = _simplifier()
    judge = _Judge(reference, judgments or {}, simp)
    top = glossary.entries[:k]
    t = _tally_top(top, judge)
    ref_rows = [e for e in glossary.entries if judge.index.lookup(e.source)][:k]
    ref_correct = sum(judge(e)[0] in ("reference", "judged yes") for e in ref_rows)
    terms = reference.terms(min_count)
    found, listed, missed = _recall(glossary, reference, terms, simp)
    n = len(top)
    return GlossaryScore(
        (t.by_ref + t.by_judge) / n if n else 0.0, n, t.by_ref + t.by_judge, t.by_ref, t.by_judge, t.unjudged,
        t.wrong, found / len(terms) if terms else 0.0, found, len(terms), missed,
        ref_precision=ref_correct / len(ref_rows) if ref_rows else 0.0, ref_k=len(ref_rows), ref_correct=ref_correct,
        min_count=min_count, listed=listed, entries=len(glossary.entries), simplified=simp is not None,
        outside=t.outside, other_rendering=t.other, missed_counts={z: reference.counts.get(z) for z in missed})


def format_score(s: GlossaryScore, *, show_outside: int = 20, title: str = "") -> str:
    """A short plain-text table of the figures, then (up to ``show_outside`` each) the top rows outside the
    reference, the rows of reference terms with another rendering, and the missed reference terms."""
    def pct(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "-"

    lines = [title] if title else []
    lines += [
        f"{'measure':<54} {'value':>6}  count",
        f"{'precision@' + str(s.k) + ' (all rows)':<54} {pct(s.correct, s.k):>6}  {s.correct}/{s.k}"
        f" ({s.by_reference} reference, {s.by_judgment} judged yes, {len(s.wrong)} judged no, {len(s.unjudged)} unjudged)",
        f"{'precision@' + str(s.ref_k) + ' (rows whose Chinese is a reference term)':<54} "
        f"{pct(s.ref_correct, s.ref_k):>6}  {s.ref_correct}/{s.ref_k}",
        f"{'recall (reference terms counted >= ' + str(s.min_count) + ')':<54} {pct(s.found, s.reference_terms):>6}  "
        f"{s.found}/{s.reference_terms} (listed with any rendering: {s.listed})",
        f"glossary entries: {s.entries}; Chinese matched exactly"
        + (" or after conversion to Simplified" if s.simplified else " only (no ipcorpus.segment.script)"),
    ]
    if show_outside > 0:
        if s.outside:
            lines.append(f"top rows outside the reference ({len(s.outside)} in the top {s.k}; "
                         f"showing {min(show_outside, len(s.outside))}):")
            lines += [f"  {r.rank:>4}  {r.zh}\t{r.en}\t[{r.verdict}]" for r in s.outside[:show_outside]]
        if s.other_rendering:
            lines.append(f"reference terms with another rendering in the top {s.k} ({len(s.other_rendering)}):")
            lines += [f"  {r.rank:>4}  {r.zh}\t{r.en}\t(reference: {' | '.join(r.reference)})"
                      for r in s.other_rendering[:show_outside]]
        if s.missed:
            shown = sorted(s.missed, key=lambda z: -(s.missed_counts.get(z) or 0))[:show_outside]
            lines.append(f"missed reference terms ({len(s.missed)}; most frequent first, showing {len(shown)}): "
                         + ", ".join(f"{z} ({s.missed_counts[z]})" if s.missed_counts.get(z) is not None else z
                                     for z in shown))
    return "\n".join(lines)
