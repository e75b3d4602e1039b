"""Span finders for NAMES and TITLES in IP documents, for the glossary miner.

Every finder is a general rule about punctuation, capitalisation, suffixes or parts of speech; none names
a particular term or document. Precision comes before recall: a doubtful span is left out.

The finders, one module each:

* :mod:`~ipcorpus.terms.names.zh`: :func:`zh_name_spans`, Chinese titles (《…》), name-like quotations,
  organisations, events and places.
* :mod:`~ipcorpus.terms.names.en`: :func:`en_name_spans`, English quoted titles, capitalised name runs,
  places and acronyms.
* :mod:`~ipcorpus.terms.names.abbrev`: :func:`abbreviations`, short and long forms defined in the text.
* :mod:`~ipcorpus.terms.names.pinyin`: :func:`romanised` and :func:`pinyin_of`, Hanyu Pinyin.
* :mod:`~ipcorpus.terms.names.spans`: the :class:`Span` record they return, and shared helpers.

Spans of different kinds may overlap (a place inside a name or a title); names never nest.
"""

from __future__ import annotations

from ipcorpus.terms.names.abbrev import abbreviations
from ipcorpus.terms.names.en import en_name_spans
from ipcorpus.terms.names.pinyin import pinyin_of, romanised
from ipcorpus.terms.names.spans import KINDS, Span
from ipcorpus.terms.names.zh import zh_name_spans

__all__ = ["KINDS", "Span", "abbreviations", "en_name_spans", "pinyin_of", "romanised", "zh_name_spans"]
