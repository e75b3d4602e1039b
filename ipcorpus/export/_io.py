"""Shared helpers of the writers: atomic file output and text clean-up."""

from __future__ import annotations

import re

# Characters allowed by XML 1.0 (section 2.2): #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
# [#x10000-#x10FFFF]. Everything else (C0 controls such as U+0001, lone surrogates, U+FFFE/U+FFFF) is
# removed: a single one, raw or escaped as &#1;, makes OmegaT reject the whole TMX.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029\x85]+")


def strip_xml_invalid(text: str) -> str:
    """Remove every character that XML 1.0 does not allow (controls, surrogates, U+FFFE, U+FFFF)."""
    return _XML_INVALID.sub("", text)


def one_line(text: str) -> str:
    """Replace tabs and line breaks by single spaces, so that a text fits in one TSV/TMX cell."""
    return _LINE_BREAKS.sub(" ", text).strip()


