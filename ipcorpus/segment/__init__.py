"""segment stage: sentence splitters and word tokenizers for Chinese and English.

* :func:`split_zh`, :func:`split_en` — sentence splitters (rules in :mod:`ipcorpus.segment.zh` and
  :mod:`ipcorpus.segment.en`); joining the sentences gives back every non-space character of the input.
* :func:`tokenize_zh` (jieba with part of speech and the IP user dictionary), :func:`tokenize_en`
  (word tokens with lower-case and lemma forms) returning :class:`Token` s.
* :func:`load_ip_dictionary` — the bilingual IP dictionary shipped in ``segment/data/ip_dict.tsv``.

The language building blocks have one home each: Chinese character ranges in :mod:`~ipcorpus.segment.chars`,
English lemmatizers in :mod:`~ipcorpus.segment.lemmas`, jieba tokenizers in :mod:`~ipcorpus.segment.tokens`,
the IP dictionary's shapes in :mod:`~ipcorpus.segment.dictionary`, joining and tidying text in
:mod:`~ipcorpus.segment.text`, Traditional/Simplified conversion in :mod:`~ipcorpus.segment.script`.
"""

from __future__ import annotations

from ipcorpus.segment.dictionary import load_ip_dictionary
from ipcorpus.segment.en import split_en
from ipcorpus.segment.tokens import Token, tokenize_en, tokenize_zh
from ipcorpus.segment.zh import split_zh

__all__ = ["Token", "load_ip_dictionary", "split_en", "split_zh", "tokenize_en", "tokenize_zh"]
