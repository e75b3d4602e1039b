#!/usr/bin/env python3
"""Benchmark ``ipcorpus report`` on a large synthetic run folder: file size against the TMX, and the
time headless Chromium takes to open the page and draw its first screen.

    .venv/bin/python scripts/bench_report.py                 # 30,000 units
    .venv/bin/python scripts/bench_report.py --units 5000 --out /tmp/bench-report --no-browser

The folder is written with ipcorpus's own writers (alignment.jsonl, memory.tmx, units.jsonl, glossary.tsv
and .tbx), from made-up Chinese and English sentences (~40 characters / ~25 words, as in IP documents),
with 1-2, 2-1 and unpaired beads and a 600-term glossary whose terms occur in the text. The browser part
needs selenium, chromium and chromium-driver (as tests/report/test_report_browser.py).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipcorpus.export import write_alignment  # noqa: E402
from ipcorpus.pipeline import write_units_jsonl  # noqa: E402
from ipcorpus.report import build_report  # noqa: E402
from ipcorpus.terms.formats import write_glossary  # noqa: E402
from ipcorpus.types import (  # noqa: E402
    Alignment,
    Bead,
    Document,
    Example,
    Glossary,
    Paragraph,
    Sentence,
    TermEntry,
    Translation,
)

ZH_CHARS = "的知识产权保护专利商标著作权申请授权审查管理服务体系建设发展创新企业省市全国制度执法司法行政部门推进加强完善促进实施工作机制平台中心数据信息运用质量"
EN_WORDS = ("the of and intellectual property protection patent trademark copyright application granted examination "
            "management service system construction development innovation enterprise province national mechanism "
            "law enforcement judicial administrative department promote strengthen improve implementation platform "
            "center data information quality year increase rank").split()


def make_run(out: Path, n_units: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    terms = []
    for _ in range(600):
        zh = "".join(rng.choice(ZH_CHARS) for _ in range(rng.randint(2, 4)))
        en = " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(1, 3)))
        terms.append((zh, en))

    def zh_sentence() -> str:
        parts = [rng.choice(terms)[0] if rng.random() < 0.2 else rng.choice(ZH_CHARS) for _ in range(rng.randint(14, 34))]
        return "".join(parts) + "。"

    def en_sentence() -> str:
        words = [rng.choice(terms)[1] if rng.random() < 0.1 else rng.choice(EN_WORDS) for _ in range(rng.randint(12, 30))]
        return " ".join(words).capitalize() + "."

    zh_s: list[Sentence] = []
    en_s: list[Sentence] = []
    beads: list[Bead] = []
    zh_paras: list[Paragraph] = []
    en_paras: list[Paragraph] = []
    para = 0
    while len(beads) < n_units:
        zp = Paragraph(para, "zh", rng.choice(["body", "body", "body", "heading", "list-item"]), "")
        ep = Paragraph(para, "en", zp.kind, "")
        for _ in range(rng.randint(1, 8)):
            r = rng.random()
            nz, ne = (1, 1) if r < 0.82 else (1, 2) if r < 0.9 else (2, 1) if r < 0.95 else (1, 0) if r < 0.975 else (0, 1)
            zi = tuple(range(len(zh_s), len(zh_s) + nz))
            ei = tuple(range(len(en_s), len(en_s) + ne))
            for _ in range(nz):
                s = Sentence(len(zh_s), zh_sentence(), para)
                zh_s.append(s)
                zp.sentences.append(s)
            for _ in range(ne):
                s = Sentence(len(en_s), en_sentence(), para)
                en_s.append(s)
                ep.sentences.append(s)
            score = 0.3 if not (nz and ne) else round(min(1.0, max(0.05, rng.betavariate(8, 1.6))), 4)
            beads.append(Bead(zi, ei, score))
        for p, lang_s in ((zp, ""), (ep, " ")):
            p.text = lang_s.join(s.text for s in p.sentences)
        if zp.sentences:
            zh_paras.append(zp)
        if ep.sentences:
            en_paras.append(ep)
        para += 1
    zh_doc, en_doc = Document("zh", zh_paras, "synthetic-zh.txt"), Document("en", en_paras, "synthetic-en.txt")
    meta = {"encoder": "synthetic", "config": {"band": 12, "w_sim": 1.0, "skip": 0.3}, "level": "paragraphs+sentences"}
    alignment = Alignment(zh_doc, en_doc, beads, meta)
    out.mkdir(parents=True, exist_ok=True)
    write_alignment(alignment, out / "alignment.jsonl")
    write_alignment(alignment, out / "memory.tmx")
    write_units_jsonl([zh_doc, en_doc], out / "units.jsonl")
    entries, seen = [], set()
    for zh, en in terms:
        if zh in seen:
            continue
        seen.add(zh)
        ex = next(((a, b) for b_, a, b in alignment.pairs() if zh in a), ("", ""))
        entries.append(TermEntry(zh, [Translation(en, round(rng.uniform(0.3, 0.95), 2), rng.randint(2, 50))],
                                 rng.randint(2, 60), [Example(ex[0], ex[1])] if ex[0] else []))
    g = Glossary(entries, {"ipcorpus": "bench", "method": "synthetic"})
    write_glossary(g, out / "glossary.tsv")
    write_glossary(g, out / "glossary.tbx")
    return out


def browser_timing(page: Path) -> dict[str, float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    binary = next((p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None)
    driver = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    if not binary or not Path(driver).exists():
        raise SystemExit("no chromium/chromedriver found: apt-get install chromium chromium-driver")
    opts = Options()
    opts.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=Service(driver), options=opts)
    try:
        drv.get("about:blank")
        results: list[dict[str, float]] = []
        for _ in range(3):  # the first load includes the browser's warm-up
            t0 = time.perf_counter()
            drv.get(page.as_uri())  # returns after the load event (the page's script runs before it)
            while drv.execute_script("return document.documentElement.dataset.ready") != "1":
                time.sleep(0.01)
            # after the next frame has been painted
            drv.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => setTimeout(done, 0));")
            wall = time.perf_counter() - t0
            nav = drv.execute_script("""const t = performance.timing;
                return {dom: t.domContentLoadedEventEnd - t.navigationStart, load: t.loadEventEnd - t.navigationStart};""")
            inner = json.loads(drv.execute_script("return document.documentElement.dataset.timing"))
            paint = drv.execute_script("""const p = performance.getEntriesByName('first-contentful-paint')[0];
                return p ? p.startTime : null;""")
            results.append({"wall_s": wall, "dom_ms": nav["dom"], "load_ms": nav["load"], "script_ms": inner["init"],
                            "parse_ms": inner["parse"], "fcp_ms": paint or float("nan")})
        # paging and searching on the loaded page
        t0 = time.perf_counter()
        drv.find_element(By.CSS_SELECTOR, '#pager-align button[data-p="1"]').click()
        drv.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => setTimeout(done, 0));")
        next_page = time.perf_counter() - t0
        pager = "return document.querySelector('#pager-align span').textContent"
        before = drv.execute_script(pager)
        t0 = time.perf_counter()
        drv.execute_script("""const q = document.getElementById('q'); q.value = 'patent';
            q.dispatchEvent(new Event('input'));""")
        while drv.execute_script(pager) == before:
            time.sleep(0.005)
        search_ms = (time.perf_counter() - t0) * 1000 - 150  # the page waits 150 ms for typing to pause
        t0 = time.perf_counter()
        drv.execute_script("document.getElementById('sort').value = 'weak'; document.getElementById('sort').dispatchEvent(new Event('change'));")
        sort_ms = (time.perf_counter() - t0) * 1000
        rows = len(drv.find_elements(By.CSS_SELECTOR, "#units-body tr.unit"))
        best = min(results, key=lambda r: r["wall_s"])
        best.update({"first_wall_s": results[0]["wall_s"], "next_page_ms": next_page * 1000, "search_ms": search_ms,
                     "weakest_first_ms": sort_ms, "rows_on_screen": rows})
        return best
    finally:
        drv.quit()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=30000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ipcorpus-bench-report"))
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    run = make_run(args.out, args.units)
    print(f"synthetic run folder: {run} ({args.units} beads, {time.perf_counter() - t0:.1f} s)")
    summary = build_report(run)
    tmx = (run / "memory.tmx").stat().st_size
    html = summary.path.stat().st_size
    print(f"report: {summary.units} units, {summary.unpaired} unpaired, {summary.terms} terms; written in {summary.seconds:.2f} s")
    print(f"size: report.html {html / 1e6:.2f} MB, memory.tmx {tmx / 1e6:.2f} MB -> {html / tmx:.2f}x the TMX "
          f"(alignment.jsonl {(run / 'alignment.jsonl').stat().st_size / 1e6:.2f} MB)")
    if args.no_browser:
        return
    t = browser_timing(summary.path)
    print(f"headless Chromium, best of 3 loads: ready and painted {t['wall_s']:.2f} s after navigation "
          f"(first load {t['first_wall_s']:.2f} s); DOMContentLoaded {t['dom_ms']} ms, load {t['load_ms']} ms, "
          f"first contentful paint {t['fcp_ms']:.0f} ms; JSON.parse {t['parse_ms']} ms, page script {t['script_ms']} ms")
    print(f"next page {t['next_page_ms']:.0f} ms, search over all units {t['search_ms']:.0f} ms (after the typing pause), "
          f"weakest first {t['weakest_first_ms']:.0f} ms ({t['rows_on_screen']} rows rendered)")
    verdict = "OK" if t["wall_s"] < 3 and html < 3 * tmx else "TOO SLOW OR TOO BIG"
    print(f"target (< 3 s, < 3x TMX): {verdict}")


if __name__ == "__main__":
    main()
