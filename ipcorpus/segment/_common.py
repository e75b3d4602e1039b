"""Helpers shared by the sentence splitters: cutting a text at boundary offsets."""

from __future__ import annotations

from collections.abc import Iterable


def cut_at(text: str, boundaries: Iterable[int]) -> list[str]:
    """Cut ``text`` at the given offsets (ascending) and return the stripped, non-empty pieces.

    Only whitespace is ever removed, so the pieces together hold every non-space character of ``text``.
    """
    pieces: list[str] = []
    start = 0
    for b in boundaries:
        if b <= start or b >= len(text):
            continue
        piece = text[start:b].strip()
        if piece:
            pieces.append(piece)
        start = b
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces
