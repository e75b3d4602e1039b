"""The glossary miner, one module per step:

1. :mod:`.corpus`: the pairs cleaned, converted to Simplified for look-ups (offsets kept) and tokenised.
2. :mod:`.candidates`: Chinese candidates (runs of nominal words, names and titles) and every occurrence.
3. :mod:`.model1`: IBM Model 1 both ways over sparse links (linear in the corpus).
4. :mod:`.spotting`: the English words that render each occurrence (a maximum-sum span of aligned words).
5. :mod:`.selection`: votes of the occurrences, confidence, nesting, ranking; :mod:`.checks`: the
   renderings that show a candidate is a clause or a fragment, not a term.
6. :mod:`.filters`: selected terms that are no glossary entries (general words, bare verbs and modifiers,
   the tails of company names, renderings both dictionaries and encoder reject) go to the review file.

:mod:`.config` holds every setting; :mod:`.mine` runs the steps (:func:`mine_glossary`; for a corpus of
many documents, :func:`prepare_part` per document, the map, then :func:`mine_parts`, the reduce).
"""

from __future__ import annotations

from typing import Any

from ipcorpus.terms.mining.config import MinerConfig

__all__ = ["MinerConfig", "MiningPart", "mine_glossary", "mine_parts", "prepare_part"]
_LAZY = frozenset(__all__) - {"MinerConfig"}


def __getattr__(name: str) -> Any:
    # the steps (numpy, jieba) load only when mining is asked for: the command line reads MinerConfig alone
    if name in _LAZY:
        from ipcorpus.terms.mining import mine

        return getattr(mine, name)
    raise AttributeError(f"module 'ipcorpus.terms.mining' has no attribute {name!r}")
