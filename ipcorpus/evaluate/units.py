"""Hand-made paragraph units (``corpora/whitepaper-2019/units.{zh,en}.tsv``) as documents, and
synthetic omissions for measuring the paragraph aligner.

A units file holds one paragraph a line, ``kind<TAB>text``; :func:`units_document` splits each into
sentences with the project's splitters. :func:`omit_paragraph` deletes one paragraph (as if its
translation were missing from the other document) and :func:`gold_without` edits a gold paragraph
alignment to match: the deleted paragraph's counterpart becomes unpaired.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from ipcorpus.types import Document, Paragraph, Sentence

AlignPair = tuple[Sequence[int], Sequence[int]]


def units_document(path: str | Path, lang: str) -> Document:
    """The paragraph units of ``path`` (``kind<TAB>text`` a line) as a document of language ``lang``."""
    from ipcorpus.segment import split_en, split_zh

    split = split_zh if lang == "zh" else split_en
    paras, sid = [], 0
    for pid, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
        kind, text = line.split("\t", 1)
        sents = []
        for t in split(text):
            sents.append(Sentence(id=sid, text=t, para=pid))
            sid += 1
        paras.append(Paragraph(id=pid, lang=lang, kind=kind, text=text, sentences=sents))
    return Document(lang=lang, paragraphs=paras, source=str(path))


def omit_paragraph(doc: Document, pid: int) -> Document:
    """``doc`` without paragraph ``pid``; later paragraphs are renumbered down by one, and sentence ids
    stay 0..n-1 in document order."""
    paras: list[Paragraph] = []
    sid = 0
    for p in doc.paragraphs:
        if p.id == pid:
            continue
        nid = p.id - (1 if p.id > pid else 0)
        sents = []
        for s in p.sentences:
            sents.append(dataclasses.replace(s, id=sid, para=nid))
            sid += 1
        paras.append(dataclasses.replace(p, id=nid, sentences=sents))
    return dataclasses.replace(doc, paragraphs=paras)


def gold_without(gold: Sequence[AlignPair], side: str, pid: int) -> list[tuple[list[int], list[int]]]:
    """The gold paragraph alignment after paragraph ``pid`` of ``side`` ("zh" or "en") was omitted.

    The paragraph leaves its bead (ids above it move down by one); a bead left with one side only
    becomes one unpaired bead per paragraph.
    """
    out: list[tuple[list[int], list[int]]] = []
    for z, e in gold:
        ids = z if side == "zh" else e
        kept = [i - (1 if i > pid else 0) for i in ids if i != pid]
        z2, e2 = (kept, list(e)) if side == "zh" else (list(z), kept)
        if z2 and e2:
            out.append((z2, e2))
        else:
            out.extend(([i], []) for i in z2)
            out.extend(([], [j]) for j in e2)
    return out
