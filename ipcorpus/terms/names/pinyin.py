"""Hanyu Pinyin: the romanisation of Chinese text, and whether English words are that romanisation.

:func:`romanised` tells whether English words are the Pinyin of Chinese (``杭州`` ~ ``Hangzhou``),
:func:`pinyin_of` gives that Pinyin; :func:`syllable_count` and :func:`pinyin_word` spot romanised
words in English text (Hangzhou, Ningbo) for the English name finder.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ipcorpus.terms.names.spans import HAS_CJK, simplified


def _fold(s: str) -> str:
    """Lower-case ASCII letters and digits only: tone marks and ü folded, spaces, hyphens, apostrophes gone."""
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if c.isascii() and c.isalnum())


def pinyin_of(zh: str) -> str:
    """Toneless Hanyu Pinyin of Chinese text, syllables run together in lower case (杭州 -> ``hangzhou``);
    characters that are not Chinese are kept (lower-cased), whitespace is dropped."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(simplified("".join(zh.split())), style=Style.NORMAL, v_to_u=True,
                               errors=lambda chars: list(chars))).lower().replace("ü", "u")


@lru_cache(maxsize=65536)
def _readings(char: str) -> frozenset[str]:
    """Every toneless reading of one character (ü as u, v and yu), or the character itself."""
    from pypinyin import Style, pinyin

    if not HAS_CJK.match(char):
        return frozenset({_fold(char)})
    out: set[str] = set()
    for r in pinyin(char, style=Style.NORMAL, heteronym=True, v_to_u=True)[0]:
        r = r.lower()
        out |= {_fold(r), r.replace("ü", "v"), r.replace("ü", "yu")} if "ü" in r else {r}
    return frozenset(x for x in out if x)


def romanised(zh: str, en: str) -> bool:
    """Are the English word(s) the Hanyu Pinyin of the Chinese (tones, case, spaces, hyphens, apostrophes
    ignored; any reading of a character with several)? 杭州 ~ Hangzhou, 计量 ~ Jiliang; 杭州 vs Ningbo False."""
    chars = "".join(simplified("".join(zh.split())))
    target = _fold(en)
    if not chars or not target or not HAS_CJK.search(chars) or not re.search(r"[A-Za-z]", en):
        return False
    if pinyin_of(chars) == target:
        return True
    ends = {0}
    for ch in chars:
        ends = {e + len(r) for e in ends for r in _readings(ch) if target.startswith(r, e)}
        if not ends:
            return False
    return len(target) in ends


#: the toneless syllables of Mandarin (Hanyu Pinyin; ü written u, plus lv/nv), for spotting romanised words.
_SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu
cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e
ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan
guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian
jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan
kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue
lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne
nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nue nuo nv nve o ou pa pai pan pang pao pei pen
peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang
rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she
shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian
xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za
zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan
zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo""".split())
#: letter groups of Pinyin that English words rarely have (zh, x, q, ao, ang, ing, ong, iu, ui …).
_PINYIN_MARK = re.compile(r"zh|x|q|ao|ang|eng|ing|ong|iu|ui|uo|ou|ai|ia|ie|ian|uan")


@lru_cache(maxsize=65536)
def syllable_count(word: str) -> int:
    """The fewest Pinyin syllables the word splits into (Hangzhou 2, Yuan 1, Xi'an 2), 0 when it does not
    split. As Pinyin spelling requires, a syllable starting with a, o or e only starts a word or follows an
    apostrophe (so "Dealing" is not de-a-ling)."""
    total = 0
    for part in re.split(r"['’]", word.lower()):
        if not part.isascii() or not part.isalpha():
            return 0
        best = [0] + [99] * len(part)
        for i in range(1, len(part) + 1):
            for k in range(max(0, i - 6), i):
                if best[k] < 99 and part[k:i] in _SYLLABLES and (k == 0 or part[k] not in "aoe"):
                    best[i] = min(best[i], best[k] + 1)
        if best[-1] >= 99:
            return 0
        total += best[-1]
    return total


def pinyin_word(word: str) -> bool:
    """Is the word two or more Pinyin syllables with a letter group typical of Pinyin (Hangzhou, Ningbo,
    Zhejiang; not Yuan, Madrid, or Chinese = chi-ne-se)?"""
    return syllable_count(word) >= 2 and bool(_PINYIN_MARK.search(word.lower()))
