"""Tests of the document aligner (ipcorpus.align.document): two levels, residue, invariants."""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcorpus.align.config import ParagraphConfig
from ipcorpus.align.document import (
    KIND_GROUPS,
    ParagraphBead,
    ParagraphEncoder,
    absorb_orphans,
    align_documents,
    align_paragraphs,
    group_config,
    paragraph_config,
)
from ipcorpus.types import Bead, Document, Paragraph, Sentence


class HashEncoder:
    """A deterministic fake encoder: bag of hashed tokens (characters of CJK, words of Latin text, digits
    kept whole), so that a "translation" sharing numbers/tokens is close. 64-d, unit rows."""

    name = "hash64"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, t in enumerate(texts):
            for tok in t.replace(".", " ").replace("。", " ").split() or [t]:
                h = int.from_bytes(hashlib.md5(tok.encode()).digest()[:4], "little")
                out[r, h % self.dim] += 1.0
            out[r, 0] += 0.1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def diagonal_aligner(zh: list[str], en: list[str], encoder, config=None, **_paragraph_starts) -> list[Bead]:
    """A stand-in sentence aligner: 1-1 down the diagonal, the rest unpaired."""
    k = min(len(zh), len(en))
    beads = [Bead((i,), (i,), 0.5) for i in range(k)]
    beads += [Bead((i,), (), 0.0) for i in range(k, len(zh))]
    beads += [Bead((), (j,), 0.0) for j in range(k, len(en))]
    return beads


def make_doc(lang: str, paras: list[tuple[str, list[str]]]) -> Document:
    out, sid = [], 0
    for pid, (kind, sents) in enumerate(paras):
        ss = []
        for t in sents:
            ss.append(Sentence(id=sid, text=t, para=pid))
            sid += 1
        out.append(Paragraph(id=pid, lang=lang, kind=kind, text=" ".join(sents), sentences=ss))
    return Document(lang=lang, paragraphs=out, source=f"{lang}.txt")


def assert_invariant(beads: list[Bead], n: int, m: int) -> None:
    """Every sentence of each side in exactly one bead, in order."""
    assert [i for b in beads for i in b.zh] == list(range(n))
    assert [j for b in beads for j in b.en] == list(range(m))
    assert all(b.zh or b.en for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


ZH = make_doc("zh", [("heading", ["一、 2019 总体"]),
                     ("body", ["甲 2019 年 11 个。", "乙 26 家。"]),
                     ("residue", ["3000 2500 杭州 宁波"]),
                     ("caption", ["图 1: 专利 16.06"]),
                     ("body", ["丙 712 件。"])])
EN = make_doc("en", [("heading", ["I. 2019 overall"]),
                     ("body", ["A 2019 year 11 cities.", "B 26 firms."]),
                     ("caption", ["Figure 1: patents 16.06"]),
                     ("body", ["C 712 items."])])


def test_paragraph_encoder_kinds_and_sentence_sum() -> None:
    inner = HashEncoder()
    table = {"x y": (["x", "y"], "caption"), "x z": (["x", "z"], "caption"), "x w": (["x", "w"], "table-row")}
    enc = ParagraphEncoder(inner, table, kind_weight=0.5)
    v = enc.encode(["x y", "x z", "x w"])
    assert v.shape == (3, inner.dim + len(set(KIND_GROUPS.values())))
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    base = inner.encode(["x", "y"]).sum(axis=0)
    assert np.allclose(v[0, :inner.dim] / np.linalg.norm(v[0, :inner.dim]), base / np.linalg.norm(base), atol=1e-5)
    # same kind group adds w^2/(1+w^2) = 0.2 of cosine, different groups nothing
    raw = inner.encode(["x y", "x z"])
    sums = [inner.encode(s).sum(0) for s in (["x", "y"], ["x", "z"], ["x", "w"])]
    sums = [s / np.linalg.norm(s) for s in sums]
    assert v[0] @ v[1] == pytest.approx((sums[0] @ sums[1] + 0.25) / 1.25, abs=1e-5)
    assert v[0] @ v[2] == pytest.approx((sums[0] @ sums[2]) / 1.25, abs=1e-5)
    assert raw.shape == (2, inner.dim)


def test_residue_left_unpaired_and_ids_global() -> None:
    seen: list[tuple[list[str], list[str]]] = []

    def recording(zh, en, encoder, config=None, **_):
        seen.append((zh, en))
        return diagonal_aligner(zh, en, encoder, config)

    al = align_documents(ZH, EN, HashEncoder(), sentence_aligner=recording)
    assert_invariant(al.beads, 6, 5)
    # level 1 saw the 4 candidate paragraphs per side (residue excluded)
    assert len(seen[0][0]) == 4 and len(seen[0][1]) == 4
    assert "3000 2500 杭州 宁波" not in "".join(seen[0][0])
    assert Bead((3,), (), 0.0) in al.beads  # the residue sentence, unpaired, in place
    assert al.beads[1:3] == [Bead((1,), (1,), 0.5), Bead((2,), (2,), 0.5)]  # global ids of paragraph 1
    assert al.meta["level"] == "paragraphs+sentences" and al.meta["encoder"] == "hash64"
    assert al.meta["paragraph_beads"] == {"1-0": 1, "1-1": 4}


def test_paragraph_beads_with_residue_order() -> None:
    pbs = align_paragraphs(ZH, EN, HashEncoder(), sentence_aligner=diagonal_aligner)
    assert pbs == [ParagraphBead((0,), (0,), 0.5), ParagraphBead((1,), (1,), 0.5), ParagraphBead((2,), (), 0.0),
                   ParagraphBead((3,), (2,), 0.5), ParagraphBead((4,), (3,), 0.5)]


def test_group_config_adds_one_to_many_beads_up_to_the_group_size() -> None:
    from ipcorpus.align import AlignConfig

    base = AlignConfig()
    cfg = group_config(base, 9, 2)
    assert (9, 1) in cfg.bead_types() and (10, 1) not in cfg.bead_types()
    assert (1, 2) in cfg.bead_types() and (2, 9) not in cfg.bead_types()
    assert set(base.bead_types()) <= set(cfg.bead_types())
    assert cfg.max_bead == 9 and cfg.skip == base.skip
    assert group_config(base, 3, 3) is base  # nothing to add
    big = group_config(base, 40, 40)
    limit = ParagraphConfig().one_to_many
    assert max(a for a, _ in big.bead_types()) == limit
    assert (limit, 2) not in big.bead_types()  # only k-1 / 1-k grow
    assert paragraph_config(base).skip == ParagraphConfig().skip
    assert paragraph_config(base).bead_types() == sorted(ParagraphConfig().beads, key=lambda t: (sum(t), t))
    small = AlignConfig(beads=((1, 1), (1, 2), (2, 1)), max_bead=2, paragraph=ParagraphConfig(one_to_many=4, skip=0.2))
    assert max(a for a, _ in group_config(small, 40, 40).bead_types()) == 4
    assert paragraph_config(small).skip == 0.2


def test_group_sentences_get_group_beads_but_presplit_does_not() -> None:
    seen = []

    def recording(z, e, encoder, config=None, **_):
        seen.append((len(z), len(e), max(a for a, _ in config.bead_types())))
        return diagonal_aligner(z, e, encoder, config)

    zh = make_doc("zh", [("body", [f"第{i}项 {i}。" for i in range(9)])])
    en = make_doc("en", [("body", ["Items " + "; ".join(str(i) for i in range(9)) + "."])])
    align_documents(zh, en, HashEncoder(), sentence_aligner=recording)
    assert seen[-1] == (9, 1, 9)
    seen.clear()
    align_documents(Document.from_sentences("zh", [f"第{i}项 {i}。" for i in range(9)]),
                    Document.from_sentences("en", ["Items 0 to 8."]), HashEncoder(), presplit=True,
                    sentence_aligner=recording)
    assert seen == [(9, 1, 6)]


def test_absorb_orphans_merges_runs_with_both_neighbours_but_not_across_residue() -> None:
    zh = make_doc("zh", [("body", ["a"]), ("body", ["b"]), ("residue", ["1 2"]), ("body", ["c"]), ("body", ["d"])])
    en = make_doc("en", [("body", ["A"]), ("body", ["A2"]), ("body", ["B"]), ("body", ["C"]), ("body", ["D"]),
                         ("body", ["E"])])
    P = ParagraphBead
    groups = [P((0,), (0,), 0.9), P((), (1,), 0.0), P((1,), (2,), 0.8), P((2,), (), 0.0),
              P((3,), (3,), 0.7), P((4,), (4,), 0.6), P((), (5,), 0.0)]
    out = absorb_orphans(groups, zh, en)
    assert out == [P((0, 1), (0, 1, 2), 0.9),  # the orphan en 1 and both its neighbours
                   P((2,), (), 0.0),  # residue stays, and nothing merges across it
                   P((3,), (3,), 0.7),
                   P((4,), (4, 5), 0.6)]  # a trailing orphan joins the group before it
    # every paragraph still in exactly one group, in order
    assert [p for g in out for p in g.zh] == list(range(5)) and [p for g in out for p in g.en] == list(range(6))
    # nothing to absorb: unchanged
    paired = [P((0,), (0,), 0.9), P((1,), (1,), 0.8)]
    assert absorb_orphans(paired, zh, en) == paired


def test_groups_of_several_paragraphs_get_their_paragraph_starts() -> None:
    seen = []

    def recording(z, e, encoder, config=None, **kw):
        seen.append(kw)
        return diagonal_aligner(z, e, encoder, config)

    zh = make_doc("zh", [("body", ["甲 1。", "乙 2。"]), ("body", ["丙 3。"])])
    en = make_doc("en", [("body", ["A 1.", "B 2.", "C 3."])])
    groups = [ParagraphBead((0, 1), (0,), 0.5)]
    from ipcorpus.align import AlignConfig
    from ipcorpus.align.document import align_within

    align_within(groups, zh, en, HashEncoder(), AlignConfig(), sentence_aligner=recording)
    assert seen == [{"zh_breaks": [0, 2], "en_breaks": [0]}]


def test_presplit_aligns_sentences_directly() -> None:
    zh = Document.from_sentences("zh", ["一 1", "二 2", "三 3"])
    en = Document.from_sentences("en", ["one 1", "two 2"])
    calls = []

    def recording(z, e, encoder, config=None, **kw):
        calls.append((z, e, kw))
        return diagonal_aligner(z, e, encoder, config)

    al = align_documents(zh, en, HashEncoder(), presplit=True, sentence_aligner=recording)
    # one call, and no paragraph starts: in pre-split input every sentence is a "paragraph"
    assert calls == [(["一 1", "二 2", "三 3"], ["one 1", "two 2"], {})]
    assert al.beads == [Bead((0,), (0,), 0.5), Bead((1,), (1,), 0.5), Bead((2,), (), 0.0)]
    assert al.meta["level"] == "sentences"


def test_one_sentence_a_paragraph_is_aligned_at_sentence_level() -> None:
    from ipcorpus.align.document import sentence_per_paragraph

    calls = []

    def recording(z, e, encoder, config=None, **kw):
        calls.append((z, e, kw))
        return diagonal_aligner(z, e, encoder, config)

    zh = make_doc("zh", [("body", [f"句{i} {i}。"]) for i in range(10)])
    en = make_doc("en", [("body", [f"Sentence {i}."]) for i in range(9)] + [("body", ["A 1.", "B 2."])])
    assert sentence_per_paragraph(zh, en)  # 9 of 10 English paragraphs hold one sentence
    al = align_documents(zh, en, HashEncoder(), sentence_aligner=recording)
    assert len(calls) == 1 and len(calls[0][0]) == 10 and len(calls[0][1]) == 11 and calls[0][2] == {}
    assert al.meta["level"] == "sentences (one sentence a paragraph)" and "paragraph_beads" not in al.meta
    # the real documents of the tests above mix one- and two-sentence paragraphs: paragraphs first
    assert not sentence_per_paragraph(ZH, EN)
    en2 = make_doc("en", [("body", [f"Sentence {i}."]) for i in range(8)] + [("body", ["A 1.", "B 2."])] * 2)
    assert not sentence_per_paragraph(zh, en2)  # 8 of 10


def test_no_text_embedded_twice() -> None:
    pytest.importorskip("ipcorpus.align", reason="sentence aligner")
    enc = HashEncoder()
    align_documents(ZH, EN, enc, sentence_aligner=lambda z, e, encoder, c=None: (
        encoder.encode(z), encoder.encode(e), diagonal_aligner(z, e, encoder))[-1])
    seen = [t for call in enc.calls for t in call]
    assert len(seen) == len(set(seen))


def test_bad_sentence_ids_are_an_error() -> None:
    from ipcorpus.errors import IpcorpusError

    bad = make_doc("zh", [("body", ["a", "b"])])
    bad.paragraphs[0].sentences[1].id = 5
    with pytest.raises(IpcorpusError, match="zh.txt"):
        align_documents(bad, EN, HashEncoder(), sentence_aligner=diagonal_aligner)


_HAS_SENTENCE_ALIGNER = importlib.util.find_spec("ipcorpus.align") is not None and hasattr(
    importlib.import_module("ipcorpus.align"), "align_sentences")

KINDS = ["body", "heading", "caption", "table-row", "residue", "list-item"]
_paras = st.lists(
    st.tuples(st.sampled_from(KINDS), st.lists(st.sampled_from(
        ["甲 1 。", "乙 22", "丙 333 文", "丁 2019", "戊", "己 7 8"]), min_size=0, max_size=4)),
    min_size=0, max_size=6)


@pytest.mark.skipif(not _HAS_SENTENCE_ALIGNER, reason="ipcorpus.align.align_sentences not available yet")
@settings(max_examples=60, deadline=None)
@given(_paras, _paras)
def test_every_sentence_in_exactly_one_bead_in_order(zp, ep) -> None:
    zh = make_doc("zh", zp)
    en = make_doc("en", [(k, [s.replace("甲", "A").replace("乙", "B") for s in ss]) for k, ss in ep])
    al = align_documents(zh, en, HashEncoder())
    assert_invariant(al.beads, len(zh.sentences), len(en.sentences))
    al2 = align_documents(zh, en, HashEncoder(), presplit=True)
    assert_invariant(al2.beads, len(zh.sentences), len(en.sentences))
