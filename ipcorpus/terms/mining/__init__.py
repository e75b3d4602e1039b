"""The glossary miner, one module per step:

1. :mod:`.corpus`: the pairs cleaned, converted to Simplified for look-ups (offsets kept) and tokenised.
2. :mod:`.candidates`: Chinese candidates (runs of nominal words, names and titles) and every occurrence.
3. :mod:`.model1`: IBM Model 1 both ways over sparse links (linear in the corpus).
4. :mod:`.spotting`: the English words that render each occurrence (a maximum-sum span of aligned words).
5. :mod:`.selection`: votes of the occurrences, confidence, nesting, ranking.

:mod:`.config` holds every setting; :mod:`.mine` runs the steps (:func:`mine_glossary`).
"""

from __future__ import annotations

from typing import Any

from ipcorpus.terms.mining.config import MinerConfig

__all__ = ["MinerConfig", "mine_glossary"]


def __getattr__(name: str) -> Any:
    # the steps (numpy, jieba) load only when mining is asked for: the command line reads MinerConfig alone
    if name == "mine_glossary":
        from ipcorpus.terms.mining.mine import mine_glossary

        return mine_glossary
    raise AttributeError(f"module 'ipcorpus.terms.mining' has no attribute {name!r}")
