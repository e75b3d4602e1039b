"""ingest stage: reading files in any common encoding and turning them into per-language Documents.

* :func:`read_text` — decode (UTF-8 ± BOM, UTF-16/32 with BOM, GB18030/GBK, Big5) and normalise.
* :func:`load_bilingual` — one file with alternating Chinese and English passages (the white paper).
* :func:`load_pair` — a Chinese file and an English file.
* :func:`load_presplit` — one sentence a line (ids = 0-based line numbers).

Paragraph repair rules are in :mod:`ipcorpus.ingest.repair`.
"""

from __future__ import annotations

from ipcorpus.ingest.decode import read_text
from ipcorpus.ingest.loaders import load_bilingual, load_pair, load_presplit

__all__ = ["load_bilingual", "load_pair", "load_presplit", "read_text"]
