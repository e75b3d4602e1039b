"""Measuring a mined glossary against a reference glossary (``zh<TAB>en|en…<TAB>count``) and hand
judgments (``zh<TAB>en<TAB>yes|no<TAB>reason``).

* **precision@k**: share of the top ``k`` entries whose (term, best translation) pair is correct: the
  term is a reference term and the translation one of its renderings, or the pair was judged correct
  by reading the document.
* **recall**: share of reference terms that appear as an entry with a correct translation among
  its kept translations (at most three).

English is compared after the miner's normalisation (lower case, plurals singular, hyphens as spaces,
spaces collapsed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ipcorpus.terms.candidates import lemma_en
from ipcorpus.types import Glossary


def norm_en(text: str) -> str:
    """English rendering in the miner's normal form; a hyphen counts as a space, on both sides of every
    comparison ("high-quality development" = "high quality development", "patent-pledged" =
    "patent pledged")."""
    return " ".join(lemma_en(w) for w in text.replace("-", " ").split())


def read_reference(path: str | Path) -> dict[str, set[str]]:
    """zh -> set of normalised English renderings."""
    out: dict[str, set[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0].strip() and not line.startswith("#"):
            out[cols[0].strip()] = {norm_en(e) for e in cols[1].split("|") if e.strip()}
    return out


def read_judgments(path: str | Path) -> dict[tuple[str, str], bool]:
    """(zh, normalised en) -> judged correct? from a ``zh<TAB>en<TAB>yes|no<TAB>reason`` file."""
    p = Path(path)
    out: dict[tuple[str, str], bool] = {}
    if not p.exists():
        return out
    for line in p.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 3 and not line.startswith("#") and cols[2].strip().lower() in ("yes", "no"):
            out[(cols[0].strip(), norm_en(cols[1]))] = cols[2].strip().lower() == "yes"
    return out


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

    def summary(self) -> str:
        return (f"precision@{self.k} {self.precision:.3f} ({self.correct}/{self.k}: {self.by_reference} by reference, "
                f"{self.by_judgment} by hand judgment, {len(self.wrong)} judged wrong, {len(self.unjudged)} unjudged); "
                f"recall {self.recall:.3f} ({self.found}/{self.reference_terms} reference terms)")


def score_glossary(glossary: Glossary, reference: dict[str, set[str]],
                   judgments: dict[tuple[str, str], bool] | None = None, *, k: int = 100) -> GlossaryScore:
    """Precision of the top ``k`` pairs and recall of the reference terms (see the module docstring).

    Unjudged pairs outside the reference count as wrong."""
    judgments = judgments or {}
    top = glossary.entries[:k]
    by_ref = by_judge = 0
    unjudged: list[tuple[str, str]] = []
    wrong: list[tuple[str, str]] = []
    for e in top:
        en = norm_en(e.translations[0].target)
        if en in reference.get(e.source, set()):
            by_ref += 1
        elif judgments.get((e.source, en)) is True:
            by_judge += 1
        elif (e.source, en) in judgments:
            wrong.append((e.source, en))
        else:
            unjudged.append((e.source, en))
    entries = {e.source: e for e in glossary.entries}
    found = 0
    missed = []
    for zh, ens in reference.items():
        e = entries.get(zh)
        if e and any(norm_en(t.target) in ens for t in e.translations):
            found += 1
        else:
            missed.append(zh)
    n = len(top)
    return GlossaryScore((by_ref + by_judge) / n if n else 0.0, n, by_ref + by_judge, by_ref, by_judge,
                         unjudged, wrong, found / len(reference) if reference else 0.0, found,
                         len(reference), missed)
