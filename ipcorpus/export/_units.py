"""Which beads become translation units, shared by every writer.

A *translation unit* is a bead with text on both sides. Beads with one empty side (1-0, 0-1) are
never units: TMX and TSV leave them out; JSONL and ``.align`` keep them as records of the alignment.
Two filters apply to units only: ``min_score`` drops units whose confidence is below it, and
``sentence_level_only`` keeps only 1-1 units (a unit of two Chinese sentences never matches in a
sentence-segmented CAT project such as OmegaT).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipcorpus.types import Alignment, Bead


@dataclass
class ExportSummary:
    """What a writer did: counts of units written and left out, and where it wrote."""

    path: Path
    fmt: str
    written: int = 0  #: records written (units; for jsonl/align every kept bead)
    dropped_weak: int = 0  #: units left out because score < min_score
    merged: int = 0  #: written units with more than one sentence on a side (x-merged)
    skipped_merged: int = 0  #: merged units left out by sentence_level_only
    unpaired: int = 0  #: 1-0 / 0-1 beads (not translation units)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "format": self.fmt,
            "written": self.written,
            "dropped_weak": self.dropped_weak,
            "merged": self.merged,
            "skipped_merged": self.skipped_merged,
            "unpaired": self.unpaired,
        }


@dataclass(frozen=True)
class Record:
    """One bead with its texts, ready for a writer."""

    bead: Bead
    zh: str
    en: str
    is_unit: bool

    @property
    def merged(self) -> bool:
        return len(self.bead.zh) > 1 or len(self.bead.en) > 1


@dataclass
class UnitFilter:
    """The unit filters and the counts they produce."""

    min_score: float = 0.0
    sentence_level_only: bool = False
    counts: ExportSummary = field(default_factory=lambda: ExportSummary(Path(), ""))

    def select(self, alignment: Alignment, *, keep_unpaired: bool) -> Iterator[Record]:
        """Yield the records to write, in bead order, counting what is left out in ``counts``."""
        for bead, zh, en in alignment.pairs():
            rec = Record(bead, zh, en, is_unit=bool(bead.zh) and bool(bead.en))
            if not rec.is_unit:
                self.counts.unpaired += 1
                if keep_unpaired:
                    self.counts.written += 1
                    yield rec
                continue
            if bead.score < self.min_score:
                self.counts.dropped_weak += 1
                continue
            if self.sentence_level_only and rec.merged:
                self.counts.skipped_merged += 1
                continue
            self.counts.written += 1
            self.counts.merged += int(rec.merged)
            yield rec
