"""Definitions found in both languages of aligned pairs and paired (ipcorpus.terms.definitions).

Synthetic Simplified and Traditional examples of each pattern; no encoder (the lexical fallback, or a fake
similarity callable)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ipcorpus.terms.definitions import DefinedTerm, find_definitions
from ipcorpus.terms.definitions.clauses import en_definition_clauses, zh_definition_clauses
from ipcorpus.terms.definitions.lexical import lexical_similarity
from ipcorpus.terms.pairs import SegmentPair


def terms_zh(text: str) -> list[tuple[str, ...]]:
    return [c.terms for c in zh_definition_clauses(text)]


def terms_en(text: str) -> list[tuple[str, ...]]:
    return [c.terms for c in en_definition_clauses(text)]


def pairs_of(zh: str, en: str, **kw) -> list[tuple[str, str]]:
    return [(d.zh_term, d.en_term) for d in find_definitions([SegmentPair(7, zh, en)], **kw)]


# ------------------------------------------------------------------------------------------ Chinese heads

@pytest.mark.parametrize(
    "text, expected",
    [
        ("专利权人指享有专利权的单位或者个人。", [("专利权人",)]),
        ("專利權人指享有專利權的單位或者個人。", [("專利權人",)]),
        ("实用新型是指对产品的形状、构造提出的新的技术方案。", [("实用新型",)]),
        ("實用新型是指對產品的形狀、構造提出的新的技術方案。", [("實用新型",)]),
        ("申请人，指提出专利申请的人。", [("申请人",)]),
        ("申請人，指提出專利申請的人。", [("申請人",)]),
        ("优先权日就分案申请而言，指原申请的申请日。", [("优先权日",)]),
        ("優先權日就分案申請而言，指原申請的申請日。", [("優先權日",)]),
        ("中介人，就某特定电子纪录而言，指代他人发出该纪录的人。", [("中介人",)]),
        ("现有技术包括申请日以前在国内外为公众所知的技术。", [("现有技术",)]),
        ("現有技術包括申請日以前在國內外為公眾所知的技術。", [("現有技術",)]),
        ("第二条　本办法所称商标，是指能够区别商品来源的标志。", [("商标",)]),
        ("本條例所稱商標，是指能夠區別商品來源的標誌。", [("商標",)]),
        ("「僱員」指根據僱傭合約受僱的人。", [("僱員",)]),
        ("“被许可人”是指接受许可的一方。", [("被许可人",)]),
        ("專利權人、發明人指專利證書上記載的人。", [("專利權人", "發明人")]),
        ("交、交付指任何人自願將管有權轉讓給另一人。", [("交", "交付")]),
        ("危险药物具有《危险药物条例》给予该词的涵义。", [("危险药物",)]),
        ("註冊牙醫的涵義與《牙醫註冊條例》第2條中該詞的涵義相同。", [("註冊牙醫",)]),
        ("在本条中，必需品指适合其实际需要的货品。", [("必需品",)]),
        ("在第(6)款中，事先商議指與買方所作的任何商議。", [("事先商議",)]),
        ("(2)在售賣合約中，月表面即指公曆月。", [("月",)]),
        ("在本发明中，术语“烷基”是指具有1至6个碳原子的饱和烃基。", [("烷基",)]),
        # a statute's back-reference, a patent's "the said", a text's "below"
        ("前款所称商业秘密，是指不为公众所知悉的技术信息。", [("商业秘密",)]),
        ("前款所稱商業秘密，是指不為公眾所知悉的技術資訊。", [("商業秘密",)]),
        ("第二条所称的专利代理机构是指经批准设立的机构。", [("专利代理机构",)]),
        ("本发明中所述的“导热层”是指由金属材料制成的层。", [("导热层",)]),
        ("所述导热层是指覆盖在基板上的金属层。", [("导热层",)]),
        ("下文中，“终端”指移动电话或平板电脑。", [("终端",)]),
        # a deeming clause that ends on what the case is deemed to be
        ("(3)凡任何人停止償還債項，則不論他是否已被判定破產，均當作無力償債。", [("無力償債",)]),
        ("凡任何人停止偿还债项，均当作无力偿债。", [("无力偿债",)]),
        ("(4)貨品處於買方根據合約必須收貨的狀態時，即處於可交付狀態。", [("可交付狀態",)]),
    ],
)
def test_zh_patterns(text, expected):
    assert terms_zh(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "申请人应当在指定期限内提交文件。",  # 指定: not a definition
        "除文意另有所指外，本条适用于所有申请。",  # 所指
        "第(1)款所指的申請必須以訂明方式提出。",  # 所指的
        "合同可以包括下列条款。",  # a sentence, not a term
        "如买方接受全部货品，则必须按合约货价付款。",
        "该通知须包括作出决定的理由。",
        "",
        "。。；；——",
        "指",
        "包括",
        "该合同视为有效。",  # deemed valid, mid-sentence: no term is defined
        "凡誠實作出的事情，均當作是出於真誠作出的。",  # a clause, not a term, after 當作
    ],
)
def test_zh_no_definition(text):
    assert terms_zh(text) == []


# ------------------------------------------------------------------------------------------ English heads

@pytest.mark.parametrize(
    "text, expected",
    [
        ("patentee means the person to whom a patent is granted.", [("patentee",)]),
        ('"patentee" means the person to whom a patent is granted.', [("patentee",)]),
        ("“the Act” means the Patents Act 1977;", [("the Act",)]),
        ("intermediary, in relation to a particular electronic record, means a person who sends it.",
         [("intermediary",)]),
        ("prior art includes everything made available to the public.", [("prior art",)]),
        ("the applicant refers to the person filing the application.", [("applicant",)]),
        ("In this Ordinance, court means the High Court.", [("court",)]),
        ("In this Act, unless the context otherwise requires, “court” means the High Court.", [("court",)]),
        ("(7) In subsection (6) antecedent negotiations means any negotiations with the buyer.",
         [("antecedent negotiations",)]),
        ("The term “trademark” as used in these Regulations means any sign capable of distinguishing goods.",
         [("trademark",)]),
        ("As used herein, the term “alkyl” refers to a saturated hydrocarbon group.", [("alkyl",)]),
        ("sign and signature include any symbol executed by a person.", [("sign", "signature")]),
        ("tips and service charges, in relation to wages, means sums of money received.",
         [("tips and service charges",)]),
        ("dangerous drug has the meaning assigned to it in the Dangerous Drugs Ordinance (Cap. 134).",
         [("dangerous drug",)]),
        ("delivery (交 、 交付) means voluntary transfer of possession.", [("delivery",)]),
        ("Trade secrets mentioned in the preceding paragraph refer to technical information unknown to the "
         "public.", [("Trade secrets",)]),
        ("(3) A person is deemed to be insolvent who has ceased to pay his debts.", [("insolvent",)]),
        ("An employee is deemed to be a continuous employee if he has worked 18 hours a week.",
         [("continuous employee",)]),
        ("(4) Goods are in a deliverable state when they are in such a state that the buyer would take delivery.",
         [("deliverable state",)]),
    ],
)
def test_en_patterns(text, expected):
    assert terms_en(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The application shall include the following documents.",
        "This Ordinance may be cited as the Electronic Transactions Ordinance.",
        "Any reference to a seller includes a person who negotiates.",
        "",
        "; ; — . ,",
        "means",
    ],
)
def test_en_no_definition(text):
    assert terms_en(text) == []


def test_inline_copy_is_cut_and_kept_as_hint():
    (c,) = en_definition_clauses("delivery (交 、 交付) means voluntary transfer of possession")
    assert c.terms == ("delivery",)
    assert c.hints == ("交", "交付")


# ------------------------------------------------------------------------------------------ single pairs

@pytest.mark.parametrize(
    "zh, en, expected",
    [
        ("专利权人指享有专利权的单位或者个人。", "patentee means the entity or individual holding the patent right.",
         ("专利权人", "patentee")),
        ("本條例所稱商標，是指能夠區別商品來源的標誌。",
         "In this Ordinance, trade mark means a sign capable of distinguishing the origin of goods.",
         ("商標", "trade mark")),
        ("優先權日就分案申請而言，指原申請的申請日。",
         "priority date, in relation to a divisional application, means the filing date of the parent application.",
         ("優先權日", "priority date")),
        ("“现有技术”包括申请日以前为公众所知的技术。", '"prior art" includes technology known to the public before the filing date.',
         ("现有技术", "prior art")),
        ("(2)在本條中，必需品指適合其實際需要的貨品。", "(2) In this section, necessaries means goods suitable to his actual requirements.",
         ("必需品", "necessaries")),
        # an article before the English term is no part of it
        ("驰名商标是指在中国为相关公众所熟知的商标。",
         "A well-known trademark refers to a trademark that is widely known to the relevant public in China.",
         ("驰名商标", "well-known trademark")),
        # a contract's colon after the quoted term
        ("“保密信息”：指一方向另一方披露的全部信息。", '"Confidential Information": means all information disclosed by one party.',
         ("保密信息", "Confidential Information")),
        # a copula defines where the Chinese marks a definition (X是指)
        ("地理标志是指标示某商品来源于某地区的标志。",
         "A geographical indication is a sign indicating that a product originates from a certain region.",
         ("地理标志", "geographical indication")),
        ("本法所称职务发明创造，是指执行本单位的任务所完成的发明创造。",
         "For the purposes of this Law, an employee's invention-creation is an invention-creation made in execution "
         "of the tasks of the entity.",
         ("职务发明创造", "employee's invention-creation")),
    ],
)
def test_single_definition_pairs(zh, en, expected):
    found = find_definitions([SegmentPair(7, zh, en)])
    assert [(d.zh_term, d.en_term) for d in found] == [expected]
    d = found[0]
    assert d.segment_id == 7
    assert 0.0 <= d.score <= 1.0
    assert d.zh_text.strip() and d.en_text.strip()


def test_a_definition_list_of_taiwan_style():
    # "本法用詞，定義如下：一、X：指……" / "The terms used in this Act are defined as follows: 1. X: refers to ..."
    zh = ("本法用詞，定義如下：一、營業秘密：指方法、技術、製程、配方、程式、設計或其他可用於生產、銷售或經營之資訊。"
          "二、侵害：指以不正當方法取得營業秘密。")
    en = ("The terms used in this Act are defined as follows: 1. Trade secret: refers to any method, technique, "
          "process, formula, program, design, or other information that may be used in the course of production, "
          "sales, or operations. 2. Infringement: refers to the acquisition of a trade secret by improper means.")
    assert pairs_of(zh, en) == [("營業秘密", "Trade secret"), ("侵害", "Infringement")]


def test_variants_and_inline_copy():
    zh = "在本條例中，除文意另有所指外——交、交付指任何人自願將管有權轉讓給另一人；買方指購貨或同意購貨的人；"
    en = ("In this Ordinance, unless the context otherwise requires—buyer means a person who buys or agrees to "
          "buy goods; delivery (交 、 交付) means voluntary transfer of possession from one person to another;")
    found = find_definitions([SegmentPair(0, zh, en)])
    got = {(d.zh_term, d.en_term) for d in found}
    assert got == {("交付", "delivery"), ("買方", "buyer")}
    d = next(x for x in found if x.en_term == "delivery")
    assert d.zh_variants == ("交", "交付")
    assert d.score == 1.0  # the inline copy names the Chinese term


# ------------------------------------------------------------------------------------------ definition lists

LIST_ZH_T = (
    "(1)在本條例中，除文意另有所指外——僱員指根據僱傭合約受僱的人；工資指付給僱員的所有報酬，但不包括根據第31條"
    "支付的款項；假日指——休息日指一段不少於24小時的連續期間；兒童指不足15歲的人；危險藥物具有《危險藥物條例》"
    "(第134章)給予該詞的涵義。"
)
LIST_ZH_S = (
    "(1)在本条例中，除文意另有所指外——雇员指根据雇佣合约受雇的人；工资指付给雇员的所有报酬，但不包括根据第31条"
    "支付的款项；假日指——休息日指一段不少于24小时的连续期间；儿童指不足15岁的人；危险药物具有《危险药物条例》"
    "(第134章)给予该词的涵义。"
)
LIST_EN = (
    "(1) In this Ordinance, unless the context otherwise requires—child means a person under the age of 15 "
    "years; dangerous drug has the meaning assigned to it in the Dangerous Drugs Ordinance (Cap. 134); employee "
    "means a person employed under a contract of employment; holiday means—rest day means a continuous period of "
    "not less than 24 hours; wages means all remuneration paid to an employee, but does not include any sum paid "
    "under section 31."
)


@pytest.mark.parametrize(
    "zh, expected",
    [
        (LIST_ZH_T, {("僱員", "employee"), ("工資", "wages"), ("假日", "holiday"), ("休息日", "rest day"),
                     ("兒童", "child"), ("危險藥物", "dangerous drug")}),
        (LIST_ZH_S, {("雇员", "employee"), ("工资", "wages"), ("假日", "holiday"), ("休息日", "rest day"),
                     ("儿童", "child"), ("危险药物", "dangerous drug")}),
    ],
)
def test_definition_list_in_different_orders_lexical(zh, expected):
    found = find_definitions([SegmentPair(3, zh, LIST_EN)])
    assert {(d.zh_term, d.en_term) for d in found} == expected
    # each definition keeps its own clause on both sides, in Chinese text order
    d = next(x for x in found if x.en_term == "wages")
    assert d.zh_text.startswith(("工資指", "工资指")) and "第31" in d.zh_text
    assert d.en_text.startswith("wages means") and "section 31" in d.en_text
    holiday = next(x for x in found if x.en_term == "holiday")
    assert holiday.zh_text == "假日指——" and holiday.en_text == "holiday means—"
    assert [d.zh_term for d in found] == [c.term for c in zh_definition_clauses(zh)]


def test_definition_list_with_fake_similarity():
    # bodies without numbers or dictionary overlap: only the callable can tell them apart
    zh = "在本法中——甲方指出卖货物的一方；乙方指购买货物的一方；丙方指运送货物的一方。"
    en = ("In this Law—carrier means the party transporting the goods; purchaser means the party buying the "
          "goods; vendor means the party selling the goods.")
    truth = {"出卖": "selling", "购买": "buying", "运送": "transporting"}
    calls = []

    def similarity(zh_texts, en_texts):
        calls.append((list(zh_texts), list(en_texts)))
        out = np.full((len(zh_texts), len(en_texts)), 0.1)
        for i, z in enumerate(zh_texts):
            for j, e in enumerate(en_texts):
                if any(k in z and v in e for k, v in truth.items()):
                    out[i, j] = 0.95
        return out

    found = find_definitions([SegmentPair(0, zh, en)], similarity=similarity)
    assert {(d.zh_term, d.en_term) for d in found} == {("甲方", "vendor"), ("乙方", "purchaser"), ("丙方", "carrier")}
    assert calls and all("甲方" not in z for z in calls[0][0])  # the bodies are compared without the terms


def test_unit_without_definitions():
    zh = "(1)凡賣方依據合約將貨品交付買方，賣方即被當作已將該等貨品無條件地撥歸該合約。"
    en = "(1) Where the seller delivers the goods to the buyer, he is deemed to have appropriated the goods."
    assert find_definitions([SegmentPair(0, zh, en)]) == []


def test_definition_on_one_side_only():
    zh = "资料包括数据。"
    en = "Data may be stored electronically."
    assert find_definitions([SegmentPair(0, zh, en)]) == []
    # a copula alone defines nothing: the Chinese must mark a definition ("X是指"), not an inclusion
    assert find_definitions([SegmentPair(0, "该平台运行良好。", "The platform is a success.")]) == []
    assert find_definitions([SegmentPair(0, "资料包括数据。", "Data is a kind of record.")]) == []


def test_threshold_applies_to_lists_not_to_single_definitions():
    assert find_definitions([SegmentPair(0, LIST_ZH_T, LIST_EN)], threshold=1.01) == []
    single = [SegmentPair(1, "兒童指不足15歲的人。", "child means a person under the age of 15 years.")]
    assert [(d.zh_term, d.en_term) for d in find_definitions(single, threshold=1.01)] == [("兒童", "child")]


# ------------------------------------------------------------------------------------------ robustness

@pytest.mark.parametrize(
    "zh, en",
    [
        ("", ""),
        ("", "patent means a patent."),
        ("专利指专利。", ""),
        ("。。。；；；——", ";;; — ..."),
        ("——", "—"),
        ("指指指", "means means"),
        ("「」指", '"" means'),
        ("(1)", "(1)"),
        ("X指Y", "X means Y"),
        ("   \n\n  ", "\t"),
    ],
)
def test_odd_input_does_not_raise(zh, en):
    found = find_definitions([SegmentPair(0, zh, en)])
    assert isinstance(found, list)


def test_failing_or_misshaped_similarity_falls_back_to_lexical():
    def broken(zh_texts, en_texts):
        raise RuntimeError("no encoder")

    def misshaped(zh_texts, en_texts):
        return np.zeros((1,))

    expected = pairs_of(LIST_ZH_T, LIST_EN)
    assert pairs_of(LIST_ZH_T, LIST_EN, similarity=broken) == expected
    assert pairs_of(LIST_ZH_T, LIST_EN, similarity=misshaped) == expected


def test_lexical_similarity_shape_and_range():
    m = lexical_similarity(["根据第31条支付的款项", "不足15岁的人"], ["a person under the age of 15 years",
                                                             "sums paid under section 31", "x"])
    assert m.shape == (2, 3)
    assert ((m >= 0) & (m <= 1)).all()
    assert m[0, 1] > m[0, 0] and m[1, 0] > m[1, 1]
    assert lexical_similarity([], ["a"]).shape == (0, 1)


def test_defined_term_is_frozen():
    d = DefinedTerm("专利", "patent", "专利指……", "patent means ...", 0, 0.9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.score = 0.1  # type: ignore[misc]


def test_traditional_folding_without_the_project_converter(monkeypatch):
    from ipcorpus.terms.definitions import lexical

    monkeypatch.setattr(lexical, "_project_converter", lambda: None)
    assert lexical.to_simplified("僱員的工資") == "雇员的工资"
    assert pairs_of(LIST_ZH_T, LIST_EN) == [
        ("僱員", "employee"), ("工資", "wages"), ("假日", "holiday"), ("休息日", "rest day"), ("兒童", "child"),
        ("危險藥物", "dangerous drug"),
    ]


def test_traditional_and_simplified_text_give_the_same_definitions():
    # every pattern holds both scripts' forms: 本條例所指 / 本条例所指, 須 / 须 ...
    from pathlib import Path

    from ipcorpus.segment.script import to_simplified

    texts = ["(1)在以下情況下，賣方即被當作為本條例所指的未獲付款的賣方——",
             "該貨品即具本條例所指的可商售品質。",
             "處長須考慮有關申索的情況，並作出決定。",
             "本合約所稱貨品，指動產。",
             "專利權人指享有專利權的單位或者個人。", "優先權日就分案申請而言，指原申請的申請日。",
             "本條例所稱商標，是指能夠區別商品來源的標誌。", "「僱員」指根據僱傭合約受僱的人。",
             "註冊牙醫的涵義與《牙醫註冊條例》第2條中該詞的涵義相同。", "在第(6)款中，事先商議指與買方所作的任何商議。",
             "前款所稱商業秘密，是指不為公眾所知悉的技術資訊。", "停止，與第VA部有關時，指永久或暫時停止；縮減亦有相應的涵義"]
    hk = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "hk-legislation-dev" / "cap26.zh"
    if hk.is_file():
        texts += ["".join(u.split()) for u in hk.read_text(encoding="utf-8").split("\n\n")]
    for text in texts:
        trad = [tuple(to_simplified(t) for t in c.terms) for c in zh_definition_clauses(text)]
        assert trad == [c.terms for c in zh_definition_clauses(to_simplified(text))], text
    assert terms_zh("賣方即被當作為本條例所指的未獲付款的賣方——") == [("未獲付款的賣方",)]
    assert terms_zh("卖方即被当作为本条例所指的未获付款的卖方——") == [("未获付款的卖方",)]
