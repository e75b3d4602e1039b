"""Read a run folder into the report's data, and put data, styles and script into one HTML file.

The data embedded in the page (``<script type="application/json" id="report-data">``)::

    {"v": 1, "title": str, "key": str (identifies the alignment, for the review kept in localStorage),
     "meta": the alignment.jsonl meta line, "gmeta": the glossary meta or null,
     "tmx": {"version": str, "props": [[type, value], ...]}   (the header props of ipcorpus's TMX),
     "units": [[bead, score, zh_ids, en_ids, zh_paras, en_paras, zh, en, flag], ...]   (flag 1: a
              sentence the alignment left out, shown as unpaired; score null then),
     "paras": {"zh": [[para_id, kind, first_sentence_id], ...], "en": [...]},
     "n": {"zh": sentences, "en": sentences},
     "glossary": [[source, [[target, confidence, count], ...], frequency, origin, kind,
                   [def_zh, def_en] or null, [[example_zh, example_en] or unit index, ...], note], ...],
     "files": [names read]}
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from ipcorpus import __version__
from ipcorpus.errors import InputError, IpcorpusError
from ipcorpus.fileio import atomic_write_text

REPORT_NAME = "report.html"
_ASSETS = ("report.html", "report.css", "report.js")
_TBX_NS = "urn:iso:std:iso:30042:ed-2"


@dataclass
class ReportSummary:
    """What :func:`build_report` read and wrote."""

    path: Path
    units: int = 0  #: beads with both sides
    unpaired: int = 0  #: 1-0 / 0-1 beads and sentences the alignment left out
    terms: int = 0  #: glossary entries
    size: int = 0  #: bytes of the HTML file
    seconds: float = 0.0
    read: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"read {', '.join(self.read)}",
            f"{self.units} units, {self.unpaired} unpaired, {self.terms} glossary terms",
            f"wrote {self.path} ({self.size / 1e6:.2f} MB, {self.seconds:.1f} s); open it in a browser",
        ]


# --------------------------------------------------------------------------------------------- reading


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
                if not isinstance(obj, dict):
                    raise InputError(f"{path}:{lineno}: expected a JSON object")
                out.append(obj)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    return out


def _ids(value: Any, path: Path, n: int) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(i, int) for i in value):
        raise InputError(f"{path}: record {n}: ids must be lists of integers")
    return value


def _prop_value(value: Any) -> str:
    """As ``ipcorpus.export.tmx`` writes a header prop: strings as they are, else compact sorted JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _read_alignment(path: Path) -> tuple[dict[str, Any], list[list[Any]]]:
    meta: dict[str, Any] = {}
    units: list[list[Any]] = []
    for n, obj in enumerate(_read_jsonl(path)):
        if "meta" in obj and "bead" not in obj:
            meta = obj["meta"] if isinstance(obj["meta"], dict) else {}
            continue
        try:
            zh_ids, en_ids = _ids(obj["zh_ids"], path, n), _ids(obj["en_ids"], path, n)
            score = obj.get("score")
            units.append([
                str(obj.get("bead") or f"{len(zh_ids)}-{len(en_ids)}"),
                None if score is None else round(float(score), 4),
                zh_ids, en_ids, obj.get("zh_paras") or [], obj.get("en_paras") or [],
                str(obj.get("zh") or ""), str(obj.get("en") or ""), 0,
            ])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}: record {n}: not an alignment bead ({exc})") from exc
    if not units:
        raise InputError(f"{path}: no beads")
    return meta, units


def _read_units(path: Path) -> tuple[dict[str, list[list[Any]]], dict[str, dict[int, tuple[str, int]]]]:
    """Paragraphs ``[id, kind, first sentence id]`` per language, and sentence id -> (text, para)."""
    paras: dict[str, list[list[Any]]] = {"zh": [], "en": []}
    sents: dict[str, dict[int, tuple[str, int]]] = {"zh": {}, "en": {}}
    for obj in _read_jsonl(path):
        lang = obj.get("lang")
        if lang not in paras:
            continue
        ss = [s for s in obj.get("sentences") or [] if isinstance(s, dict) and isinstance(s.get("id"), int)]
        pid = obj.get("id")
        if not isinstance(pid, int):
            continue
        paras[lang].append([pid, str(obj.get("kind") or ""), ss[0]["id"] if ss else -1])
        for s in ss:
            sents[lang][s["id"]] = (str(s.get("text") or ""), pid)
    return paras, sents


def _add_missing(units: list[list[Any]], sents: dict[str, dict[int, tuple[str, int]]]) -> None:
    """Insert, as unpaired rows (flag 1), the sentences of units.jsonl that no bead holds."""
    for side, col in (("zh", 2), ("en", 3)):
        covered = {i for u in units for i in u[col]}
        missing = sorted(set(sents[side]) - covered)
        if not missing:
            continue
        anchors, last = [], -1  # the largest sentence id of this side seen up to each bead
        for u in units:
            last = max(u[col], default=last)
            anchors.append(last)
        inserts: dict[int, list[list[Any]]] = {}
        for sid in missing:
            text, pid = sents[side][sid]
            row = ["1-0" if side == "zh" else "0-1", None, [sid] if side == "zh" else [],
                   [sid] if side == "en" else [], [pid] if side == "zh" else [], [pid] if side == "en" else [],
                   text if side == "zh" else "", text if side == "en" else "", 1]
            inserts.setdefault(bisect_right(anchors, sid), []).append(row)
        for pos in sorted(inserts, reverse=True):
            units[pos:pos] = inserts[pos]


_COMMENT_NUM = re.compile(r"(confidence|count|frequency) ([0-9.]+)$")


def _parse_tsv_comment(comment: str) -> dict[str, Any]:
    """The fields of a comment written by ``formats.tabular._comment``."""
    out: dict[str, Any] = {}
    for part in comment.split("; "):
        part = part.strip()
        if part.startswith("definition: "):
            zh, _, en = part[len("definition: "):].partition(" / ")
            out["definition"] = [zh, en]
            break  # the definition is last and may hold "; "
        if part.startswith("kind: "):
            out["kind"] = part[6:]
        elif m := _COMMENT_NUM.match(part):
            out[m.group(1)] = float(m.group(2)) if m.group(1) == "confidence" else int(float(m.group(2)))
        elif part and "origin" not in out:
            out["origin"] = part
    if "definition" not in out and "definition: " in comment:
        zh, _, en = comment.split("definition: ", 1)[1].partition(" / ")
        out["definition"] = [zh, en]
    return out


def _read_tsv_glossary(path: Path) -> list[list[Any]]:
    entries: dict[str, list[Any]] = {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            continue
        f = _parse_tsv_comment(cols[2] if len(cols) > 2 else "")
        src = cols[0].strip()
        e = entries.get(src)
        if e is None:
            e = entries[src] = [src, [], f.get("frequency", 0), f.get("origin", ""), f.get("kind", "term"),
                                f.get("definition"), [], ""]
        for target in cols[1].split("|"):
            if target.strip() and all(t[0] != target.strip() for t in e[1]):
                e[1].append([target.strip(), f.get("confidence", 1.0), f.get("count", 0)])
    return list(entries.values())


def _local(node) -> str:
    return node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else ""


def _text(node) -> str:
    return " ".join("".join(node.itertext()).split())


def _lang(node) -> str:
    v = node.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    return re.split(r"[-_]", v.lower(), maxsplit=1)[0]


def _numbers(notes: list[str]) -> tuple[float, int, int | None]:
    """(confidence, count, frequency) from a term's notes ("confidence 0.86; count 8", "frequency 8")."""
    conf, count, freq = 1.0, 0, None
    for n in notes:
        if m := re.search(r"confidence ([0-9.]+)", n):
            conf = float(m.group(1))
        if m := re.search(r"count (\d+)", n):
            count = int(m.group(1))
        if m := re.match(r"frequency (\d+)", n):
            freq = int(m.group(1))
    return conf, count, freq


class _TbxConcept:
    """What the report shows of one ``conceptEntry`` of an ipcorpus TBX."""

    def __init__(self, ce) -> None:
        self.src, self.targets, self.freq, self.origin, self.kind = "", [], 0, "", "term"
        self.notes: list[str] = []
        self.defs: dict[str, str] = {}
        self.example: dict[str, str] = {}
        for child in ce:
            name = _local(child)
            if name == "admin" and child.get("type") == "source":
                self.origin = _text(child)
            elif name == "note":
                t = _text(child)
                if t.startswith("kind: "):
                    self.kind = t[6:]
                elif t:
                    self.notes.append(t)
            elif name == "langSec":
                self._lang_sec(child, _lang(child))

    def _lang_sec(self, ls, lg: str) -> None:
        for d in ls.iter(f"{{{_TBX_NS}}}descrip", "descrip"):
            if d.get("type") == "definition" and d.getparent() is not None and \
                    _local(d.getparent()) != "termSec" and lg not in self.defs:
                self.defs[lg] = _text(d)
        for ts in (n for n in ls if _local(n) == "termSec"):
            term = next((_text(t) for t in ts if _local(t) == "term"), "")
            if term:
                self._term_sec(ts, term, lg)

    def _term_sec(self, ts, term: str, lg: str) -> None:
        ctx = next((_text(d) for d in ts.iter(f"{{{_TBX_NS}}}descrip", "descrip") if d.get("type") == "context"), "")
        if ctx and lg not in self.example:
            self.example[lg] = ctx
        conf, count, freq = _numbers([_text(n) for n in ts if _local(n) == "note"])
        if lg == "zh" and not self.src:
            self.src = term
            self.freq = freq if freq is not None else self.freq
        elif lg == "en":
            self.targets.append([term, conf, count])

    def row(self) -> list[Any] | None:
        if not (self.src and self.targets):
            return None
        d = [self.defs.get("zh", ""), self.defs.get("en", "")] if self.defs else None
        ex = [[self.example.get("zh", ""), self.example.get("en", "")]] if self.example else []
        return [self.src, self.targets, self.freq, self.origin, self.kind, d, ex, "; ".join(self.notes)]


def _read_tbx_glossary(path: Path) -> list[list[Any]]:
    """Entries of an ipcorpus TBX (v3): terms, confidences and counts from the notes, the kind, the
    definitions and the example pair (``descrip type="context"``)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputError(f"{path}: cannot read the TBX ({exc})") from exc
    rows = (_TbxConcept(ce).row() for ce in root.iter(f"{{{_TBX_NS}}}conceptEntry", "conceptEntry"))
    return [r for r in rows if r is not None]


def _read_json_glossary(path: Path) -> tuple[dict[str, Any] | None, list[list[Any]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out = []
        for e in data["entries"]:
            d = e.get("definition")
            out.append([
                e["source"], [[t["target"], t.get("confidence", 1.0), t.get("count", 0)] for t in e["translations"]],
                e.get("frequency", 0), e.get("origin", ""), e.get("kind") or "term",
                [d.get("zh", ""), d.get("en", "")] if isinstance(d, dict) else None,
                [[x.get("zh", ""), x.get("en", "")] for x in e.get("examples") or []], e.get("note") or "",
            ])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: not an ipcorpus JSON glossary ({exc})") from exc
    meta = data.get("meta")
    return (meta if isinstance(meta, dict) else None), out


def _read_glossary(run_dir: Path, read: list[str]) -> tuple[dict[str, Any] | None, list[list[Any]]]:
    """glossary.json, else glossary.tsv (+ sidecar meta, + examples from glossary.tbx), else glossary.tbx."""
    js, tsv, tbx = run_dir / "glossary.json", run_dir / "glossary.tsv", run_dir / "glossary.tbx"
    if js.is_file():
        read.append(js.name)
        return _read_json_glossary(js)
    meta = None
    if tsv.is_file():
        read.append(tsv.name)
        entries = _read_tsv_glossary(tsv)
        side = tsv.with_name(tsv.name + ".meta.json")
        if side.is_file():
            read.append(side.name)
            try:
                meta = json.loads(side.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise InputError(f"{side}: not JSON ({exc})") from exc
        if tbx.is_file():
            read.append(tbx.name + " (examples)")
            examples = {e[0]: e[6] for e in _read_tbx_glossary(tbx)}
            for e in entries:
                e[6] = examples.get(e[0], [])
        return meta, entries
    if tbx.is_file():
        read.append(tbx.name)
        entries = _read_tbx_glossary(tbx)
        from lxml import etree

        p = etree.parse(str(tbx), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
        for node in p.iter(f"{{{_TBX_NS}}}p"):
            t = (node.text or "").strip()
            if t.startswith("ipcorpus {"):
                try:
                    meta = json.loads(t[len("ipcorpus "):])
                except json.JSONDecodeError:
                    pass
                break
        return meta, entries
    return None, []


def _examples_as_units(glossary: list[list[Any]], units: list[list[Any]]) -> None:
    """Replace each example pair whose Chinese is that of a unit by the unit's index (keeps the file small)."""
    by_text: dict[str, int] = {}
    for i, u in enumerate(units):
        if u[6] and u[7]:
            by_text.setdefault("".join(u[6].split()), i)
    for e in glossary:
        e[6] = [by_text.get("".join(x[0].split()), x) for x in e[6]]


def load_report_data(run_dir: str | Path, *, title: str | None = None) -> dict[str, Any]:
    """The data of the page (see the module docstring) from the files in ``run_dir``."""
    d = Path(run_dir)
    if not d.is_dir():
        raise IpcorpusError(f"{d}: no such folder (give the folder `ipcorpus run -o` wrote)")
    aj = d / "alignment.jsonl"
    if not aj.is_file():
        raise IpcorpusError(f"{d}: no alignment.jsonl (write it with `ipcorpus run INPUT -o {d}` "
                            f"or `ipcorpus align ... -o {aj}`)")
    read = [aj.name]
    meta, units = _read_alignment(aj)
    paras: dict[str, list[list[Any]]] = {"zh": [], "en": []}
    n = {"zh": 1 + max((i for u in units for i in u[2]), default=-1),
         "en": 1 + max((i for u in units for i in u[3]), default=-1)}
    uj = d / "units.jsonl"
    if uj.is_file():
        read.append(uj.name)
        paras, sents = _read_units(uj)
        _add_missing(units, sents)
        for side in ("zh", "en"):
            n[side] = max(n[side], 1 + max(sents[side], default=-1))
    gmeta, glossary = _read_glossary(d, read)
    _examples_as_units(glossary, units)
    key = hashlib.sha1(aj.read_bytes()).hexdigest()[:16]
    if title is None:
        src = meta.get("zh_file") or meta.get("en_file") or d.resolve().name
        title = Path(str(src)).name
    props = [[f"x-{k}", _prop_value(meta[k])] for k in sorted(meta) if meta[k] not in ("", None)]
    return {
        "v": 1, "title": title, "key": key, "meta": meta, "gmeta": gmeta,
        "tmx": {"version": str(meta.get("ipcorpus") or __version__), "props": props},
        "units": units, "paras": paras, "n": n, "glossary": glossary, "files": read,
    }


# --------------------------------------------------------------------------------------------- writing


def _asset(name: str) -> str:
    try:
        return files("ipcorpus.report").joinpath("assets", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise IpcorpusError(f"the report template {name} is missing from the ipcorpus installation "
                            "(package data ipcorpus/report/assets/*)") from exc


def _json_for_script(data: Any) -> str:
    """Compact JSON that cannot end or confuse its ``<script>`` element (every ``<`` escaped)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_report(data: dict[str, Any]) -> str:
    """The HTML page of ``data`` (from :func:`load_report_data`)."""
    from html import escape

    html, css, js = (_asset(n) for n in _ASSETS)
    if "</script" in js.lower() or "</style" in css.lower():
        raise IpcorpusError("report template: the script or style contains a closing tag")
    parts = {
        "__TITLE__": escape(f"{data['title']} · ipcorpus report"),
        "/*__CSS__*/": css,
        "/*__JS__*/": js,
        "__DATA__": _json_for_script(data),
    }
    pattern = re.compile("|".join(re.escape(k) for k in parts))
    return pattern.sub(lambda m: parts[m.group(0)], html)


def build_report(run_dir: str | Path, output: str | Path | None = None, *, title: str | None = None) -> ReportSummary:
    """Write the report of the run folder ``run_dir`` to ``output`` (default ``run_dir/report.html``)."""
    t0 = time.perf_counter()
    data = load_report_data(run_dir, title=title)
    out = Path(output) if output is not None else Path(run_dir) / REPORT_NAME
    page = render_report(data)
    try:
        atomic_write_text(out, page)
    except OSError as exc:
        raise IpcorpusError(f"{out}: cannot write ({exc})") from exc
    units = data["units"]
    paired = sum(1 for u in units if u[2] and u[3])
    return ReportSummary(out, units=paired, unpaired=len(units) - paired, terms=len(data["glossary"]),
                         size=len(page.encode("utf-8")), seconds=time.perf_counter() - t0, read=data["files"])
