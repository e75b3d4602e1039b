"""JSON glossaries, written and read: ``{"meta": ..., "entries": [...]}``, each entry with ``kind`` and
``definition`` (``{zh, en, segment_id}`` or null)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ipcorpus.errors import InputError
from ipcorpus.ingest.clean import clean_value
from ipcorpus.ingest.decode import read_text
from ipcorpus.terms.formats.common import entry_fields, group_rows, meta_json
from ipcorpus.types import Definition, Glossary


def _definition_dict(d: Definition | None) -> dict[str, Any] | None:
    return None if d is None else {"zh": d.zh, "en": d.en, "segment_id": d.segment_id}


def glossary_to_json(glossary: Glossary) -> str:
    """JSON for scripts: ``{"meta": ..., "entries": [{source, frequency, origin, note, kind, definition,
    translations, examples}]}``; ``definition`` is ``{zh, en, segment_id}`` or null."""
    entries = [
        {
            "source": e.source,
            "frequency": e.frequency,
            "origin": e.origin,
            "note": e.note,
            "kind": e.kind,
            "definition": _definition_dict(e.definition),
            "translations": [{"target": t.target, "confidence": t.confidence, "count": t.count} for t in e.translations],
            "examples": [{"zh": x.zh, "en": x.en, "segment_id": x.segment_id} for x in e.examples],
        }
        for e in glossary.entries
    ]
    return meta_json({"meta": glossary.meta, "entries": entries}, indent=1) + "\n"


def _json_rows(p: Path) -> list[tuple[str, str, float, dict[str, Any]]]:
    """The rows of an ipcorpus JSON glossary; an InputError naming the file and the entry when the
    layout or a type is wrong (a number as ``source``, a string as ``translations``...)."""
    try:
        data = clean_value(json.loads(read_text(p)), str(p))  # escapes such as \u0001 appear only now
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not an ipcorpus JSON glossary ({exc})") from exc
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, nesting 1000 deep
        raise InputError(f"{p}: not a usable JSON glossary ({exc})") from exc
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{p}: not an ipcorpus JSON glossary (expected an object with an 'entries' list)")
    rows = []
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict):
            raise InputError(f"{p}: entry {n} is not an object")
        source, translations = e.get("source"), e.get("translations")
        if not isinstance(source, str):
            raise InputError(f"{p}: entry {n}: 'source' must be a string, not {_json_type(source)}")
        if not isinstance(translations, list):
            raise InputError(f"{p}: entry {n}: 'translations' must be a list, not {_json_type(translations)}")
        d = e.get("definition")
        d = d if isinstance(d, dict) else {}
        fields = entry_fields(e.get("kind"), d.get("zh"), d.get("en"), d.get("segment_id"))
        for t in translations:
            target = t.get("target") if isinstance(t, dict) else None
            if not isinstance(target, str):
                raise InputError(f"{p}: entry {n}: each translation needs a string 'target', not "
                                 f"{_json_type(target if isinstance(t, dict) else t)}")
            rows.append((source, target, 1.0, fields))
    return rows


def _json_type(value: Any) -> str:
    """The JSON name of ``value``'s type, for messages."""
    if value is None:
        return "null (or missing)"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def read_json(p: Path) -> Glossary:
    """The entries of an ipcorpus JSON glossary."""
    return group_rows(_json_rows(p), p, "json")
