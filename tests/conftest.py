"""Shared fixtures (kept small): paths of the project's real inputs."""

from __future__ import annotations

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
