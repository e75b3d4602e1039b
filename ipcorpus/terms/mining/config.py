"""Every threshold and weight of the glossary miner, in one dataclass.

The command line reads its defaults from :class:`MinerConfig`, and every glossary output records
``dataclasses.asdict(config)`` (TBX header, JSON ``meta``, the TSV's sidecar file), so no setting can be
left out of a glossary's signature. The values were chosen on the development sets named in
``docs/decisions.md``; the figures reported for other sets were not tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MinerConfig:
    """Settings of :func:`ipcorpus.terms.mining.mine_glossary`."""

    #: a Chinese candidate must occur at least this many times (substring count over the pairs; a title in
    #: 《》 or a named event may occur once).
    min_freq: int = 2
    #: an entry is kept when its confidence reaches this.
    min_confidence: float = 0.25
    #: use the shipped IP dictionary and CC-CEDICT (as Model 1 prior and as word evidence).
    use_dictionary: bool = True
    #: CC-CEDICT's glosses of the text's words join Model 1's training as a prior (with use_dictionary).
    cedict_prior: bool = True
    #: IBM Model 1 EM iterations, each direction.
    em_iterations: int = 6
    #: a Chinese candidate is at most this many segmenter tokens and characters long.
    max_zh_tokens: int = 4
    max_zh_chars: int = 12
    #: an English rendering holds at most this many content words (a capitalised name or a quoted
    #: name snapped to whole may hold ``max_name_words``).
    max_en_words: int = 6
    max_name_words: int = 14
    #: a word of the English side joins a rendering when its alignment to the term is above this (the
    #: span search maximises the sum of ``alignment - word_threshold`` over the span's content words).
    word_threshold: float = 0.3
    #: a word that another Chinese token of the pair holds more surely than the term costs this much
    #: per unit of the difference.
    foreign_penalty: float = 0.5
    #: a word's alignment x exp(-tension x |its relative position in the English - the occurrence's in
    #: the Chinese|) (0: position plays no part).
    position_tension: float = 0.5
    #: alignment given to a word that the dictionary lists as a translation of one of the term's tokens.
    dictionary_word: float = 0.6
    #: the best rendering must cover each token of the term at least this much (mean over occurrences).
    min_token_coverage: float = 0.25
    #: confidence x length_fit(Chinese fine tokens, English content words) ** length_power.
    length_power: float = 0.5
    #: confidence share = agreeing votes / (occurrences + smoothing).
    smoothing: float = 0.5
    #: prefer the attested rendering made of the words that half or more of the spotted renderings hold.
    consensus: bool = True
    #: extra votes for a spotted rendering that the IP dictionary gives for the term (with use_dictionary).
    listed_votes: float = 1.0
    #: an occurrence that spotted part of the agreed rendering (or of the rendering a definition in the
    #: text gives, or a part of the best rendering that leaves a token uncovered) counts for it in
    #: proportion of its words.
    partial_votes: bool = True
    #: a second rendering is listed when it is seen at least this many times and in this share of the
    #: term's occurrences, and is not the best one with words added or cut.
    alt_min_count: int = 2
    alt_min_share: float = 0.25
    max_translations: int = 3
    #: a shorter candidate inside a longer one is a term of its own when it occurs at least this many
    #: times outside every kept longer candidate.
    min_free: int = 2
    #: list one-word terms that the text uses no more than general language does (specificity 0: 国家
    #: "national", 市场 "market") even when the text does not define them and the IP dictionary does not
    #: list them (False: they go to the review file only).
    general_words: bool = False
    #: list one-word terms rendered by a bare verb that CC-CEDICT gives only as a "to ..." sense of the word
    #: (加快 "accelerate"; with use_dictionary) or by an adjective or adverb that the text uses only before
    #: another word (智能 "intelligent") even when the text does not define them and the IP dictionary does
    #: not list them (False: they go to the review file only).
    bare_words: bool = False
    #: ranking: x (1 - w + w * specificity), the term's weirdness against jieba's general frequencies.
    w_specificity: float = 0.3
    #: the same weight for a one-word term (a general word such as 企业 "enterprise" ranks low).
    w_specificity_word: float = 1.0
    #: a definition clause pairs with one of the other language (in a unit that defines several terms)
    #: when its score reaches this (see ipcorpus.terms.definitions).
    definition_threshold: float = 0.4
    #: ranking: x (1 - w + w * fit), fit = the encoder's cosine of the term and its rendering, mapped from
    #: [sim_floor, sim_floor + sim_span] to [0, 1] (only when an encoder is given).
    w_similarity: float = 0.3
    sim_floor: float = 0.3
    sim_span: float = 0.5
    #: a term (not a name, not defined, not in the IP dictionary) with confidence below ``unlike_confidence``
    #: whose rendering holds none of the dictionaries' glosses of its Chinese and whose encoder cosine is below
    #: ``unlike_similarity`` is left out (with the dictionaries and an encoder only).
    unlike_similarity: float = 0.3
    unlike_confidence: float = 0.5
    #: ranking factor of a term the text defines.
    definition_rank: float = 2.0
    #: ranking factor of a term the shipped IP dictionary lists (general IP vocabulary, made apart from any
    #: document: 知识产权, 质押登记, 优先审查), with use_dictionary.
    listed_rank: float = 1.5
    #: ranking factor of a name, place, title, programme or event (the text marks it as a name; its
    #: English is fixed) whose best rendering two occurrences agree on (a place: any; it is checked
    #: against its pinyin). Names skip the cosine factor: the encoder knows short forms such as 省经信厅
    #: poorly.
    name_rank: float = 2.0
    #: at an occurrence of a term the text defines, the defined English term standing in the pair's English
    #: is the rendering there (whatever the word alignment spotted).
    definition_where_used: bool = True
    #: evidence weight of a definition found in the text ("X means ...", "X指……"), in occurrences.
    definition_votes: float = 3.0
    max_examples: int = 5
