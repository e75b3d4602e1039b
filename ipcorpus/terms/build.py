"""The ``glossary build`` job as a function: read inputs, mine, write, load into the term base."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipcorpus.terms.mining.config import MinerConfig
from ipcorpus.terms.pairs import SegmentPair
from ipcorpus.types import Glossary

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What :func:`build_glossary` produced and where it went."""

    glossary: Glossary
    pairs: list[SegmentPair]
    written: int = 0
    output: Path | None = None
    termbase: Path | None = None
    termbase_entries: int = 0
    termbase_segments: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A short human summary."""
        out = [f"read {len(self.pairs)} aligned segment pairs; mined {len(self.glossary.entries)} terms"]
        if self.output is not None:
            out.append(f"wrote {self.written} entries to {self.output}")
        if self.termbase is not None:
            out.append(f"term base {self.termbase}: loaded {self.termbase_entries} entries and "
                       f"{self.termbase_segments} segments")
        return out + self.notes


def batch_name(inputs: Sequence[str | Path]) -> str:
    """The term-base batch of a glossary mined from ``inputs``: their resolved paths (so that mining the
    same inputs again replaces the earlier load)."""
    return "|".join(sorted(str(Path(p).resolve()) for p in inputs)) or "pairs"


def build_glossary(
    inputs: Sequence[str | Path],
    output: str | Path | None,
    *,
    pairs: Sequence[SegmentPair],
    config: MinerConfig | None = None,
    encoder=None,
    termbase: str | Path | None = None,
    use_termbase: bool = True,
    review: str | Path | None = None,
) -> BuildResult:
    """Mine a glossary from the aligned ``pairs`` read from ``inputs`` (named in the glossary's metadata
    and the term-base batch) with ``config``'s settings, write it to ``output`` (format by extension),
    load the term base. ``encoder``: the miner's sentence encoder (default: the offline one). ``review``:
    a TSV file for every candidate, kept or not, with its spotted renderings and verdict."""
    from ipcorpus.terms.formats import format_of, write_glossary
    from ipcorpus.terms.miner import load_miner_encoder, mine_glossary
    from ipcorpus.terms.termbase import load_into_termbase, replaced_note

    if output is not None:
        format_of(output, None)  # fail on a bad extension before the slow part
    pairs = list(pairs)
    if encoder is None:
        encoder = load_miner_encoder()
    rows: list | None = [] if review is not None else None
    glossary = mine_glossary(pairs, config=config, encoder=encoder, review=rows)
    glossary.meta["inputs"] = [str(p) for p in inputs]
    result = BuildResult(glossary, list(pairs))
    if output is not None:
        result.written = write_glossary(glossary, output)
        result.output = Path(output)
    if review is not None:
        from ipcorpus.terms.mining.mine import write_review

        write_review(rows, review)
        result.notes.append(f"wrote {len(rows)} candidates with their verdicts to {review}")
    if use_termbase:
        rep = load_into_termbase(termbase, glossary, segments=[(p.id, p.zh, p.en) for p in pairs],
                                 batch=batch_name(inputs))
        result.termbase, result.termbase_entries, result.termbase_segments = rep.path, rep.entries, rep.segments
        result.notes.extend(replaced_note(rep))
    return result
