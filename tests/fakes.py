"""Fakes and helpers shared by the tests: encoders that load no model, helpers for signal tests."""

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


class RecordingEncoder(HashEncoder):
    """The hashing fake encoder, recording the length of every text it receives."""

    def __init__(self) -> None:
        self.seen: list[int] = []  # lengths of the texts received

    @property
    def texts(self) -> int:
        """How many texts it embedded."""
        return len(self.seen)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(len(t) for t in texts)
        return super().encode(texts)


def use_encoder(monkeypatch, enc):
    """Make ``ipcorpus.embed.load_encoder`` return ``enc`` behind the embedding cache, as the real one
    is; returns ``enc``."""
    import ipcorpus.embed
    from ipcorpus.embed import CachedEncoder

    monkeypatch.setattr(ipcorpus.embed, "load_encoder", lambda name=None, **kw: CachedEncoder(enc))
    return enc


def interrupt_when_ready(p, signame: str) -> tuple[int, str]:
    """Wait for the child ``p`` (text pipes) to print READY, send it the signal ``signame`` and reap it:
    its exit code and its standard error. The child is killed if it is still alive after an error."""
    import signal

    try:
        line = p.stdout.readline()
        assert line.strip() == "READY", line + p.stderr.read()
        p.send_signal(getattr(signal, signame))
        rc = p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
        p.stdout.close()
        err = p.stderr.read()
        p.stderr.close()
    return rc, err


def default_sighup() -> None:
    """A ``preexec_fn``: the child starts with SIGHUP's default disposition even when the test runner
    ignores it (nohup), since ipcorpus keeps an inherited ignore (test_ignored_sighup_stays_ignored)."""
    import signal

    signal.signal(signal.SIGHUP, signal.SIG_DFL)
