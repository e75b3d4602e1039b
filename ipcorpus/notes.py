"""The notes the command line prints after a run: what ingestion removed and what over-long text was cut.

Any stage may record here (it imports nothing of ipcorpus): the readers of :mod:`ipcorpus.ingest.clean`
count the characters that XML 1.0 cannot hold that they removed, per file (:func:`record`); the sentence
splitters (:func:`ipcorpus.segment.zh.cut_over_long`) and the encoder (:mod:`ipcorpus.embed.cache`) count
the over-long texts they cut (:func:`record_cut`; issue 11, item 5). :func:`take_notes` gives one line
per file that changed and one line for the cuts, and forgets the counts.
"""

from __future__ import annotations

from collections import Counter

_changed: Counter[str] = Counter()
#: over-long texts cut since the last :func:`take_notes`: kind -> {key: (pieces, limit)} (see :func:`record_cut`)
_cuts: dict[str, dict[object, tuple[int, int]]] = {}


def record(source: str, n: int) -> None:
    """Count ``n`` characters that XML 1.0 cannot hold removed from ``source`` (a file name)."""
    if n:
        _changed[source] += n


def changed_counts() -> dict[str, int]:
    """Characters removed so far, per file (since the last :func:`take_notes`)."""
    return dict(_changed)


def record_cut(kind: str, pieces: int, limit: int, key: object = None) -> None:
    """Count one over-long text cut into ``pieces`` pieces of at most ``limit`` characters. ``kind``:
    ``"sentence"`` (a sentence splitter made the pieces separate sentences) or ``"encoder"`` (the text
    stayed one sentence and was embedded from its pieces). ``key`` (e.g. the text's hash) counts a text
    cut twice (paragraph repair splits some texts once more) only once."""
    cuts = _cuts.setdefault(kind, {})
    cuts[object() if key is None else key] = (pieces, limit)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def _cut_note() -> str | None:
    """The one line that says what :func:`record_cut` counted, or None."""
    parts = []
    counts = {kind: (len(c), sum(p for p, _ in c.values()), max(lim for _, lim in c.values()))
              for kind, c in _cuts.items() if c}
    if "sentence" in counts:
        n, pieces, limit = counts["sentence"]
        parts.append(f"cut {_plural(n, 'sentence')} longer than {limit:,} characters into {pieces:,} "
                     "sentences (at clause punctuation, else at spaces, else every "
                     f"{limit:,} characters; no character dropped)")
    if "encoder" in counts:
        n, pieces, limit = counts["encoder"]
        parts.append(f"embedded {_plural(n, 'text')} longer than {limit:,} characters from {pieces:,} "
                     f"pieces of at most {limit:,} characters (sentences and ids unchanged)")
    return "; ".join(parts) or None


def take_notes() -> list[str]:
    """One line per file that had characters removed, one line when over-long text was cut, and forget
    the counts."""
    notes = [f"{src}: removed {n} character{'s' if n != 1 else ''} that XML 1.0 cannot hold "
             "(control characters, U+FFFE/U+FFFF, lone surrogates)" for src, n in _changed.items()]
    cut = _cut_note()
    if cut:
        notes.append(cut)
    _changed.clear()
    _cuts.clear()
    return notes
