"""Lower-case occurrences of capitalised names that begin with a scope word ("provincial government"), and
the truncation rule's test that the longer rendering's extra words come from the term."""

from __future__ import annotations

from ipcorpus.terms.candidates import Candidate, en_chunks, en_lower_names, en_ngrams, en_scope_names
from ipcorpus.terms.miner import _extra_words_from_term, _Pairing, extract_candidates, prefer_whole_renderings
from ipcorpus.terms.pairs import SegmentPair

TEXT = ("Under the leadership of the provincial party committee and provincial government, the General Office "
        "of Zhejiang Provincial Government issued it. The Work Report of Provincial Government said so.")


def test_scope_names_are_the_capitalised_ones():
    names = en_scope_names(en_chunks(TEXT))
    assert "provincial government" in names
    assert "provincial party committee" not in names  # never written with capitals here
    assert not any(n.split()[0] != "provincial" for n in names)


def test_lower_case_name_is_yielded_only_when_the_name_exists():
    names = en_scope_names(en_chunks(TEXT))
    first = en_chunks(TEXT)[0]
    got = {f for f, _, _ in en_lower_names(first, names)}
    assert got == {"provincial government"}
    # the ordinary n-grams still do not start at a lower-case scope word
    assert "provincial government" not in {f for f, _, _ in en_ngrams(first)}
    # no capitalised name: nothing
    assert list(en_lower_names("provincial enterprises and provincial government".split(), set())) == []
    assert list(en_lower_names("the provincial enterprises grew".split(), names)) == []


def test_extract_candidates_counts_the_lower_case_name():
    pairs = [SegmentPair(0, "在省委省政府领导下。", "Under the provincial party committee and provincial government."),
             SegmentPair(1, "省政府办公厅印发。", "The General Office of Zhejiang Provincial Government issued it."),
             SegmentPair(2, "全省企业增长。", "The provincial enterprises grew.")]
    _, en, _ = extract_candidates(pairs, min_freq=2, use_dictionary=False)
    assert en["provincial government"].segments == {0, 1}
    assert "provincial enterprise" not in en


def _pairing(form, count, conf, segs, cov, owned=None):
    return _Pairing(Candidate(form, len(form.split()), count=count), 0.0, 0.0, 0.0, len(segs), confidence=conf,
                    segments=set(segs), word_cov=cov, owned=owned or {})


def test_extra_words_from_term_when_the_term_is_their_likeliest_source():
    short = _pairing("government", 4, 0.89, {3, 6, 13}, {1: 0.9})
    # "provincial" is shared with 省委 (省委省政府): 0.37 from the term, no single token claims more
    long_ = _pairing("provincial government", 3, 0.889, {3, 6, 13}, {1: 0.9, 2: 0.37}, {1: 0.9, 2: 0.37})
    assert _extra_words_from_term(short, long_)
    assert [p.en.form for p in prefer_whole_renderings([short, long_])] == ["provincial government"]
    # another token (国家 of 国家质检中心) claims more of the extra word: not the term's
    other = _pairing("provincial government", 3, 0.889, {3, 6, 13}, {1: 0.9, 2: 0.37}, {1: 0.9, 2: 0.6})
    assert not _extra_words_from_term(short, other)
    # a word nobody knows (0.14 everywhere: "internet" of "internet infringement and piracy") is not the term's
    weak = _pairing("provincial government", 3, 0.889, {3, 6, 13}, {1: 0.9, 2: 0.14}, {1: 0.9, 2: 0.14})
    assert not _extra_words_from_term(short, weak)
    assert [p.en.form for p in prefer_whole_renderings([short, weak])][0] == "government"
