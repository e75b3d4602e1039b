"""Chinese character ranges: one name for each range a module tests, and small predicates over them.

Each range is the body of a regular-expression character class (``re.compile(f"[{HAN_BMP}]")``), written
with the characters themselves. The modules do not all test the same range, and a test that changed its
range would change what it finds, so each distinct range has its own name:

============================  ===========================================================================
:data:`HAN_BASIC`             CJK Unified Ideographs U+4E00..U+9FFF only: every GB2312 ideograph (the
                              GB18030 plausibility check), pinyin name keys, captions and chart debris
:data:`HAN_A_TO_BASIC`        U+3400..U+9FFF as one range: Extension A, the Yijing hexagram symbols
                              U+4DC0..U+4DFF between it and the basic block, the basic block (the jieba
                              tag guess, the term miner's spacing repairs)
:data:`HAN_MINING`            :data:`HAN_A_TO_BASIC` and the compatibility ideographs (the term miner's
                              Chinese words and candidates)
:data:`HAN_BMP`               Extension A, the basic block and the compatibility ideographs (definitions,
                              names)
:data:`HAN_ALL`               :data:`HAN_BMP` and Extensions B-F with the compatibility supplement (script
                              detection, Traditional/Simplified judgement)
:data:`CJK_TEXT`              :data:`HAN_BMP` with CJK punctuation and the full-width forms (PDF repair of
                              the spaces inside Chinese text)
============================  ===========================================================================
"""

from __future__ import annotations

#: CJK Unified Ideographs, the basic block (U+4E00..U+9FFF)
HAN_BASIC = "\u4e00-\u9fff"
#: CJK Unified Ideographs Extension A (U+3400..U+4DBF)
HAN_EXT_A = "\u3400-\u4dbf"
#: CJK Compatibility Ideographs (U+F900..U+FAFF; duplicates that Big5 and KS X 1001 conversions leave)
HAN_COMPAT = "\uf900-\ufaff"
#: Extensions B-F and the CJK Compatibility Ideographs Supplement (U+20000..U+2FA1F)
HAN_SUPPLEMENTARY = "\U00020000-\U0002fa1f"
#: U+3400..U+9FFF in one range (Extension A, the Yijing hexagram symbols U+4DC0..U+4DFF, the basic block)
HAN_A_TO_BASIC = "\u3400-\u9fff"
#: the term miner's Chinese characters: :data:`HAN_A_TO_BASIC` and :data:`HAN_COMPAT`
HAN_MINING = HAN_A_TO_BASIC + HAN_COMPAT
#: the Han characters of the Basic Multilingual Plane: Extension A, the basic block, the compatibility block
HAN_BMP = HAN_EXT_A + HAN_BASIC + HAN_COMPAT
#: every Han character: :data:`HAN_BMP` and :data:`HAN_SUPPLEMENTARY`
HAN_ALL = HAN_BMP + HAN_SUPPLEMENTARY
#: CJK Symbols and Punctuation (U+3000..U+303F: the ideographic space, 、。〈〉《》「」 …)
CJK_SYMBOLS = "\u3000-\u303f"
#: Halfwidth and Fullwidth Forms (U+FF00..U+FFEF: ，：（） and the full-width letters and digits)
FULL_WIDTH = "\uff00-\uffef"
#: Chinese text as PDF repair sees it: CJK punctuation, :data:`HAN_BMP`, full-width forms
CJK_TEXT = CJK_SYMBOLS + HAN_BMP + FULL_WIDTH


def is_han_basic(ch: str) -> bool:
    """``ch`` (one character) is in :data:`HAN_BASIC`."""
    return "\u4e00" <= ch <= "\u9fff"


def all_han_a_to_basic(text: str) -> bool:
    """Every character of ``text`` is in :data:`HAN_A_TO_BASIC` (True for ``""``)."""
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


def all_han_mining(text: str) -> bool:
    """Every character of ``text`` is in :data:`HAN_MINING` (True for ``""``)."""
    return all("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)
