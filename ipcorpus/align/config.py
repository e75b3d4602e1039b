"""Settings of the sentence aligner (:class:`AlignConfig`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Bead types (zh sentences, en sentences) searched by default. 0-1 and 1-0 are always allowed.
DEFAULT_BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1),
)


@dataclass
class AlignConfig:
    """All parameters of :func:`ipcorpus.align.align_sentences`.

    Scores are *gains* to maximise. A bead of ``a`` Chinese and ``b`` English sentences earns
    ``(a + b) / 2 * (w_sim * margin - sim_offset) + w_len * length_term + w_lex * lexical_term -
    bead_penalty[a-b]``; a sentence left unaligned (0-1 or 1-0 bead) earns ``-skip``.
    See :mod:`ipcorpus.align.sentence` for the full explanation.
    """

    #: many-to-many bead types, as (zh, en) sentence counts; 0-1/1-0 are always added.
    beads: tuple[tuple[int, int], ...] = DEFAULT_BEADS
    #: maximum bead size per side (beads larger than this are dropped from ``beads``).
    max_bead: int = 3
    #: half-width (in sentences) of the band searched around the first-pass path.
    band: int = 12
    #: below this many cells (n*m) the first pass looks at the whole matrix, above it coarse-to-fine.
    full_search_cells: int = 4_000_000
    #: coarse-to-fine: group this many sentences into one block per level.
    coarse_factor: int = 8
    #: neighbours used for the hubness margin (mean similarity to the k nearest candidates).
    margin_k: int = 4
    #: weight of the margin-normalised embedding similarity.
    w_sim: float = 1.0
    #: subtracted from the similarity per sentence: pairs below it are not worth pairing.
    sim_offset: float = 0.0
    #: weight of the length term (negative squared log-ratio deviation from the document's ratio).
    w_len: float = 0.05
    #: weight of the lexical evidence (shared numbers, names, pinyin, dictionary hits).
    w_lex: float = 0.05
    #: score of leaving one sentence unaligned (a 0-1 or 1-0 bead earns ``-skip``).
    skip: float = 0.15
    #: extra penalty per bead type beyond 1-1, keyed "a-b".
    bead_penalty: dict[str, float] = field(
        default_factory=lambda: {"1-2": 0.05, "2-1": 0.05, "2-2": 0.15, "1-3": 0.12, "3-1": 0.12}
    )
    #: re-embed the real concatenation of the chosen many-to-many beads' candidates (costs encoder time).
    refine_concat: bool = False

    def bead_types(self) -> list[tuple[int, int]]:
        """The searched many-to-many types (a, b >= 1) limited to ``max_bead``; always includes 1-1."""
        types = {(a, b) for a, b in self.beads if 1 <= a <= self.max_bead and 1 <= b <= self.max_bead}
        types.add((1, 1))
        return sorted(types, key=lambda t: (t[0] + t[1], t))

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-able data (the signature written into outputs)."""
        d = asdict(self)
        d["beads"] = [f"{a}-{b}" for a, b in self.bead_types()]
        return d
