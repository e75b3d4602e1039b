"""OmegaT integration: our TMX, put in an OmegaT project's ``tm/auto/``, fills in the translation.

OmegaT (Debian package ``omegat``) runs in console mode on a project made in ``tmp_path``: source zh-CN,
target en, sentence segmentation, a plain-text source file of Chinese sentences. OmegaT exits 0 even
when it rejects a TMX, so the tests read the translated target file and ``omegat/project_stats.txt``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ipcorpus.export import write_alignment
from ipcorpus.types import Alignment, Bead, Document

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (apt-get install omegat)"),
]

PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>zh-CN</source_lang>
        <target_lang>en</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>true</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""

ZH = ["质押融资达到 100 亿元。", "专利申请量增长。", "商标注册量也增长。", "全省新增发明专利授权 1.5 万件。"]
EN = ["Pledge financing reached 10 billion yuan.", "Patent and trademark filings grew.",
      "Invention patents granted in the province rose by 15,000."]


def _alignment(zh: list[str]) -> Alignment:
    """1-1, 2-1 (merged) and 1-1 beads over ``zh`` and EN."""
    beads = [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.8), Bead((3,), (2,), 0.85)]
    return Alignment(Document.from_sentences("zh", zh, "zh.txt"), Document.from_sentences("en", EN, "en.txt"),
                     beads, {"encoder": "hand-made"})


def _project(root: Path, source_text: str) -> Path:
    """An empty OmegaT project under ``root`` with one source file ``doc.txt``."""
    proj = root / "proj"
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (proj / sub).mkdir(parents=True)
    (proj / "omegat.project").write_text(PROJECT_FILE, encoding="utf-8")
    (proj / "source" / "doc.txt").write_text(source_text, encoding="utf-8")
    return proj


def _translate(proj: Path, home: Path) -> tuple[str, int]:
    """Run OmegaT in console mode; return the target text and the number of untranslated segments."""
    env = dict(os.environ, HOME=str(home))  # OmegaT keeps its preferences in ~/.omegat
    subprocess.run(["omegat", str(proj), "--mode=console-translate"], env=env, timeout=300,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    target = (proj / "target" / "doc.txt").read_text(encoding="utf-8")
    stats = (proj / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    remaining = re.search(r"^Remaining:\s+(\d+)", stats, re.M)
    assert remaining, stats
    return target, int(remaining.group(1))


def test_omegat_uses_our_tmx(tmp_path: Path) -> None:
    source = f"{ZH[0]}{ZH[3]}\n\n这一句不在记忆库里。\n"
    proj = _project(tmp_path, source)
    write_alignment(_alignment(ZH), proj / "tm" / "auto" / "ipcorpus.tmx")
    target, remaining = _translate(proj, tmp_path)
    assert EN[0] in target and EN[2] in target
    assert "这一句不在记忆库里。" in target and ZH[0] not in target
    assert remaining == 1  # of 3 segments, only the sentence absent from the TMX


def test_omegat_loads_tmx_whose_input_had_control_characters(tmp_path: Path) -> None:
    zh = [ZH[0].replace("融资", "融\x01资"), *ZH[1:]]
    (tmp_path / "ok").mkdir()
    proj = _project(tmp_path / "ok", "质押融资达到 100 亿元。\n")
    tmx = proj / "tm" / "auto" / "ipcorpus.tmx"
    write_alignment(_alignment(zh), tmx)
    target, remaining = _translate(proj, tmp_path)
    assert EN[0] in target and remaining == 0

    # control: the same memory with one escaped U+0001 in ANOTHER unit is rejected whole by OmegaT,
    # so the matching unit above is only found because the writer strips such characters
    (tmp_path / "bad").mkdir()
    bad = _project(tmp_path / "bad", "质押融资达到 100 亿元。\n")
    text = tmx.read_text(encoding="utf-8")
    assert "发明专利" in text
    (bad / "tm" / "auto" / "ipcorpus.tmx").write_text(text.replace("发明专利", "发明&#1;专利"), encoding="utf-8")
    target, remaining = _translate(bad, tmp_path)
    assert EN[0] not in target and remaining == 1


def test_omegat_with_white_paper_memory(tmp_path: Path, whitepaper_run) -> None:
    """The real pipeline's sentence-level TMX of the white paper (``memory-sentences.tmx`` of the session's
    ``ipcorpus run``) loads in OmegaT and fills segments."""
    from translate.storage import tmx as tt_tmx

    memory = whitepaper_run.out / "memory-sentences.tmx"
    units = [(u.source, u.target) for u in tt_tmx.tmxfile.parsefile(str(memory)).units]
    # body sentences that end a Chinese sentence, so OmegaT's segmentation keeps them whole
    picked = [(zh, en) for zh, en in units if zh.endswith("。") and len(zh) > 15][:5]
    assert len(picked) == 5
    proj = _project(tmp_path, "\n\n".join(zh for zh, _ in picked) + "\n")
    (proj / "tm" / "auto" / "wp.tmx").write_bytes(memory.read_bytes())
    target, remaining = _translate(proj, tmp_path)
    assert remaining == 0
    assert all(en in target for _, en in picked)
