"""``ipcorpus term``: look a term up in the term base (stdlib sqlite only: fast, no model, no jieba)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click


def _pattern(needles: list[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern for the needles; English words may carry a plural ending."""
    alts = []
    for n in sorted((n for n in needles if n.strip()), key=len, reverse=True):
        words = n.split()
        if n.isascii():
            alts.append(r"\b" + r"\s+".join(re.escape(w) + "(?:e?s)?" for w in words) + r"\b")
        else:
            alts.append(re.escape(n))
    return re.compile("|".join(alts), re.IGNORECASE) if alts else None


def _spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the needles occur in ``text``, whichever script (Traditional or Simplified) either uses.

    Matched on the script keys (Simplified), which keep every character in its place, so the spans
    are spans of ``text`` as written.
    """
    from ipcorpus.segment.script import script_key

    pat = _pattern([script_key(n) for n in needles])
    return [m.span() for m in pat.finditer(script_key(text)) if m.end() > m.start()] if pat else []


def highlight(text: str, needles: list[str], color: bool) -> str:
    """``text`` with every occurrence of the ``needles`` (in either script) in bold, when ``color``."""
    if not color:
        return text
    out, last = [], 0
    for start, end in _spans(text, needles):
        out += [text[last:start], click.style(text[start:end], bold=True)]
        last = end
    return "".join(out) + text[last:]


def snippet(text: str, needles: list[str], width: int = 200) -> str:
    """``text`` on one line, cut to about ``width`` characters around the first needle."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    spans = _spans(text, needles)
    start = max(0, (spans[0][0] if spans else 0) - width // 3)
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@click.command()
@click.argument("query")
@click.option("--termbase", "termbase_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite term base (default: $IPCORPUS_TERMBASE, else $XDG_DATA_HOME/ipcorpus/termbase.sqlite).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--examples", "n_examples", type=click.IntRange(0), default=2, show_default=True,
              help="Example segment pairs per term.")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True, help="At most this many terms.")
def term(query: str, termbase_path: Path | None, as_json: bool, n_examples: int, limit: int) -> None:
    """Look up QUERY (Chinese or English) in the term base: exact matches first, then prefix, then substring.

    Traditional and Simplified Chinese find each other (商標 finds 商标 and the reverse); terms and
    examples are shown as stored.

    \b
    Example:
      ipcorpus term 质押
      ipcorpus term "trade secret" --json
    """
    from ipcorpus.terms.termbase import TermBase

    with TermBase(termbase_path) as tb:
        hits = tb.lookup(query, limit=limit, examples=n_examples)
    if as_json:
        out = [{
            "source": h.entry.source, "match": h.match, "side": h.side, "origin": h.entry.origin,
            "frequency": h.entry.frequency,
            "translations": [{"target": t.target, "confidence": t.confidence, "count": t.count}
                             for t in h.entry.translations],
            "examples": [{"zh": x.zh, "en": x.en, "segment_id": x.segment_id} for x in h.examples],
        } for h in hits]
        click.echo(json.dumps({"query": query, "hits": out}, ensure_ascii=False, indent=1))
        return
    if not hits:
        click.echo(f"no term matches {query!r}")
        return
    color = sys.stdout.isatty()
    for h in hits:
        tag = " [imported]" if h.entry.origin == "imported" else ""
        click.echo(f"{highlight(h.entry.source, [query], color)}{tag}  ({h.match} match, seen {h.entry.frequency}x)")
        for t in h.entry.translations:
            click.echo(f"  -> {highlight(t.target, [query], color)}   confidence {t.confidence:.2f}, count {t.count}")
        for x in h.examples:
            needles = [h.entry.source] + [t.target for t in h.entry.translations]
            click.echo(f"     zh: {highlight(snippet(x.zh, needles), needles, color)}")
            click.echo(f"     en: {highlight(snippet(x.en, needles), needles, color)}")
