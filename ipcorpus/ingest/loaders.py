"""The three input forms: one bilingual file, a Chinese and an English file, pre-split sentence files."""

from __future__ import annotations

from pathlib import Path

from ipcorpus.errors import InputError
from ipcorpus.ingest.decode import read_text
from ipcorpus.ingest.repair import assemble, make_pieces, to_document
from ipcorpus.types import Document, Lang


def bilingual_from_text(text: str, source: str = "<text>") -> tuple[Document, Document]:
    """:func:`load_bilingual` on already decoded, normalised text."""
    paras = assemble(make_pieces(text))
    for lang, name in (("zh", "Chinese"), ("en", "English")):
        if not any(p.kind != "residue" for p in paras[lang]):  # type: ignore[index]
            raise InputError(f"{source}: no {name} text found; a bilingual file needs both languages "
                             f"(use --en FILE for separate files)")
    return to_document("zh", paras["zh"], source), to_document("en", paras["en"], source)


def load_bilingual(path: str | Path) -> tuple[Document, Document]:
    """One file in which Chinese passages and their English translations alternate (the white paper).

    Returns the Chinese and the English :class:`Document`: paragraphs with kind, language and source
    lines, repaired across page breaks, each segmented into sentences. Raises :class:`InputError`
    when the file cannot be read or holds only one language.
    """
    return bilingual_from_text(read_text(path), str(path))


def monolingual_from_text(text: str, lang: Lang, source: str = "<text>") -> Document:
    """One language's paragraphs from normalised text (paragraphs separated by blank lines or one per
    line, with the same page-break repair as the bilingual form)."""
    return to_document(lang, assemble(make_pieces(text, lang))[lang], source)


def load_pair(zh_path: str | Path, en_path: str | Path) -> tuple[Document, Document]:
    """A Chinese file and an English file -> (zh Document, en Document)."""
    return (monolingual_from_text(read_text(zh_path), "zh", str(zh_path)),
            monolingual_from_text(read_text(en_path), "en", str(en_path)))


def read_lines(path: str | Path) -> list[str]:
    """The lines of a pre-split file, stripped. A blank line stays (as an empty sentence) so that
    sentence ids equal 0-based line numbers, as in the gold ``.align`` files; the newline that ends the
    last line does not add a line."""
    text = read_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.strip() for line in lines]


def load_presplit(zh_path: str | Path, en_path: str | Path) -> tuple[Document, Document]:
    """Pre-split files, one sentence a line: sentence i (0-based) is line i + 1 of the file, blank
    lines included (as empty sentences), so ids match gold alignments given in line numbers."""
    return (Document.from_sentences("zh", read_lines(zh_path), str(zh_path)),
            Document.from_sentences("en", read_lines(en_path), str(en_path)))
