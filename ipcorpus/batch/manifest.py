"""The list of document pairs of a batch: a manifest file (TSV or CSV) or a folder of pairs.

Manifest (``.tsv``, or ``.csv`` for comma-separated), one document pair a row; blank lines and lines
starting with ``#`` are skipped. Columns, by position::

    INPUT [EN [OPTIONS]]

``INPUT`` alone is a bilingual file (Chinese passages each followed by their English); with ``EN`` it
is the Chinese file and ``EN`` the English one; ``OPTIONS`` holds per-row flags (``--presplit``,
``--no-presplit``). A first row whose cells are column names (``id``, ``input`` or ``zh``, ``en``,
``options``) is a header, and then the columns may come in any order and ``id`` names the document.
Relative paths are taken from the manifest's folder. A document's name (its output folder
``DIR/NAME/``) is the ``id``, else the stem of ``INPUT`` (``001`` for ``001.zh``).

A folder instead of a manifest: every ``NAME.zh`` in it (not in subfolders) pairs with ``NAME.en``.

Problems with the manifest itself (a missing manifest, a row with too many cells, an unknown option, two
rows with one name) stop the batch before anything runs, with the line number; a missing or unreadable
input file is a failure of that document only (the others go on).
"""

from __future__ import annotations

import csv
import io
import shlex
from dataclasses import dataclass
from pathlib import Path

from ipcorpus.errors import InputError

#: names of the files the batch writes at the top of DIR (a document may not be called that)
RESERVED_NAMES = frozenset({"memory.tmx", "glossary.tsv", "glossary.tsv.meta.json", "glossary.tbx",
                            "glossary-review.tsv", "summary.tsv", "batch-state.json"})
COLUMNS = ("id", "input", "en", "options")
_ALIASES = {"zh": "input", "name": "id", "bilingual": "input"}
MAX_NAME = 200


@dataclass(frozen=True)
class DocumentPair:
    """One document of a batch: ``input`` (a bilingual file, or the Chinese one with ``en``), whether
    the files hold one sentence a line, its name (output folder) and where it came from."""

    name: str
    input: Path
    en: Path | None = None
    presplit: bool = False
    line: int = 0

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.input,) if self.en is None else (self.input, self.en)


def read_manifest(path: str | Path, *, presplit: bool = False) -> list[DocumentPair]:
    """The document pairs of a manifest file or a folder of ``NAME.zh``/``NAME.en`` pairs.

    ``presplit`` is the default of every row (a row's ``--presplit``/``--no-presplit`` overrides it).
    Raises :class:`InputError` (one line, with the line number) for a bad manifest."""
    p = Path(path)
    if p.is_dir():
        docs = _folder_pairs(p, presplit)
    elif p.is_file():
        docs = _manifest_rows(p, presplit)
    else:
        raise InputError(f"{p}: no such manifest file or folder")
    if not docs:
        what = "no NAME.zh files" if p.is_dir() else "no document rows"
        raise InputError(f"{p}: {what}; nothing to do")
    _check_names(p, docs)
    return docs


def _folder_pairs(folder: Path, presplit: bool) -> list[DocumentPair]:
    zh_files = sorted(f for f in folder.iterdir() if f.suffix == ".zh" and not f.name.startswith("."))
    return [DocumentPair(f.stem, f, f.with_suffix(".en"), presplit, 0) for f in zh_files]


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    from ipcorpus.ingest.decode import read_text

    text = read_text(path)
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    rows = []
    for lineno, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        cells = [c.strip() for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if cells and not cells[0].startswith("#"):
            rows.append((lineno, cells))
    return rows


def _header(cells: list[str]) -> list[str] | None:
    """The column names of a header row, or None when the row is data."""
    names = [_ALIASES.get(c.lower(), c.lower()) for c in cells]
    if "input" in names and all(n in COLUMNS for n in names):
        return names
    return None


def _manifest_rows(path: Path, presplit: bool) -> list[DocumentPair]:
    rows = _read_rows(path)
    columns = ["input", "en", "options"]
    if rows and (header := _header(rows[0][1])) is not None:
        columns = header
        rows = rows[1:]
    return [_row(path, lineno, cells, columns, presplit) for lineno, cells in rows]


def _row(manifest: Path, lineno: int, cells: list[str], columns: list[str], presplit: bool) -> DocumentPair:
    where = f"{manifest}:{lineno}"
    if len(cells) > len(columns):
        raise InputError(f"{where}: {len(cells)} cells, expected at most {len(columns)} "
                         f"({', '.join(c.upper() for c in columns)})")
    row = dict(zip(columns, cells, strict=False))
    if not row.get("input"):
        raise InputError(f"{where}: no input file in the row")
    base = manifest.parent
    inp = base / row["input"]
    en = base / row["en"] if row.get("en") else None
    return DocumentPair(row.get("id") or inp.stem, inp, en, _options(where, row.get("options", ""), presplit),
                        lineno)


def _options(where: str, text: str, presplit: bool) -> bool:
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InputError(f"{where}: cannot read the options {text!r} ({exc})") from exc
    for w in words:
        if w == "--presplit":
            presplit = True
        elif w == "--no-presplit":
            presplit = False
        else:
            raise InputError(f"{where}: unknown option {w!r} (a row may give --presplit or --no-presplit)")
    return presplit


def _check_names(source: Path, docs: list[DocumentPair]) -> None:
    seen: dict[str, DocumentPair] = {}
    for d in docs:
        where = f"{source}:{d.line}" if d.line else f"{source}/{d.input.name}"
        bad = _bad_name(d.name)
        if bad:
            raise InputError(f"{where}: document name {d.name!r} {bad}; give the row an id column")
        if d.name in seen:
            first = seen[d.name]
            other = f"line {first.line}" if first.line else str(first.input)
            raise InputError(f"{where}: document name {d.name!r} is also that of {other}; "
                             "names must be unique (add an id column)")
        seen[d.name] = d


def _bad_name(name: str) -> str:
    """Why ``name`` cannot name an output folder (empty string when it can)."""
    if not name or name in (".", ".."):
        return "is empty"
    if any(c in name for c in "/\\\0") or any(ord(c) < 32 for c in name):
        return "holds a path separator or a control character"
    if name.startswith("."):
        return "starts with a dot (hidden and staging folders do)"
    if name in RESERVED_NAMES:
        return "is the name of a corpus-level output"
    if len(name) > MAX_NAME:
        return f"is longer than {MAX_NAME} characters"
    return ""
