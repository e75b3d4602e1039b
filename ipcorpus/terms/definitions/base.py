"""The definition clause record, and the text helpers the Chinese and English finders share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipcorpus.segment.chars import HAN_BMP

HAS_CJK = re.compile(f"[{HAN_BMP}]")
QUOTES = "「」『』“”\"‘’'《》〈〉"
PAREN = re.compile(r"\s*[（(]([^（）()]*)[)）]")


def strip_quotes(s: str) -> str:
    s = s.strip()
    while len(s) >= 2 and s[0] in "「『“\"‘'" and s[-1] in "」』”\"’'":
        s = s[1:-1].strip()
    return s


@dataclass
class Clause:
    """One definition clause of one side: its terms (variants), whole text, body (text without the term),
    marker kind (``means`` ``includes`` ``excludes`` ``meaning`` ``see`` ``head``), inline copies of the
    other language's term, and whether it came with a definition-list / scoping opener."""

    terms: tuple[str, ...]
    text: str
    body: str
    kind: str
    hints: tuple[str, ...] = ()
    listed: bool = False
    scoped: bool = False
    extra: list[str] = field(default_factory=list)

    @property
    def term(self) -> str:
        return max(self.terms, key=len)

    @property
    def dangling(self) -> bool:
        """The body stops at a dash (the definition goes on in the items below) or is empty: "X指——",
        "accept, in relation to a certificate—", "X means a system which—"."""
        body = self.body.strip()
        return self.kind == "head" or body.endswith(("—", "–")) or not re.sub(r"[\W\d_]+", "", body)
