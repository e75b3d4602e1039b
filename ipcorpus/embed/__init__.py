"""embed stage: sentence encoders behind one interface (:class:`~ipcorpus.embed.base.Encoder`)."""

from ipcorpus.embed.base import Encoder, UsemEncoder

__all__ = ["Encoder", "UsemEncoder"]
