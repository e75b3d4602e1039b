"""align stage: sentence alignment (:func:`align_sentences`) and its lexical evidence helpers.

The paragraph/document aligner lives in :mod:`ipcorpus.align.document` and calls
:func:`align_sentences` inside each aligned paragraph group.
"""

from ipcorpus.align.config import AlignConfig, LexicalConfig, ParagraphConfig
from ipcorpus.align.lexical import (
    Dictionary,
    en_keys,
    en_names,
    en_numbers,
    ip_dictionary,
    pair_evidence,
    zh_keys,
    zh_names,
    zh_numbers,
    zh_numeral_value,
)
from ipcorpus.align.sentence import align_embedded, align_sentences, char_lengths

__all__ = [
    "AlignConfig",
    "Dictionary",
    "LexicalConfig",
    "ParagraphConfig",
    "align_embedded",
    "align_sentences",
    "char_lengths",
    "en_keys",
    "en_names",
    "en_numbers",
    "ip_dictionary",
    "pair_evidence",
    "zh_keys",
    "zh_names",
    "zh_numbers",
    "zh_numeral_value",
]
