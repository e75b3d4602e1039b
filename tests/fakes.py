"""Fakes and helpers shared by the tests: encoders that load no model, a preexec_fn for signal tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


class HashEncoder:
    """Deterministic fake encoder: hashed whitespace tokens, 64-d unit rows."""

    name = "hash64"
    dim = 64

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, t in enumerate(texts):
            for tok in t.split() or [t]:
                out[r, int(hashlib.md5(tok.encode("utf-8", "replace")).hexdigest(), 16) % self.dim] += 1.0
            out[r, 0] += 0.1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def default_sighup() -> None:
    """A ``preexec_fn``: the child starts with SIGHUP's default disposition even when the test runner
    ignores it (nohup), since ipcorpus keeps an inherited ignore (test_ignored_sighup_stays_ignored)."""
    import signal

    signal.signal(signal.SIGHUP, signal.SIG_DFL)
