"""The report of the white paper in a real headless Chromium (Selenium + chromium-driver): every unit in
the table, the plots drawn, a unit marked wrong and left out of the downloaded TMX (valid against the
TMX 1.4b DTD), a reviewed glossary downloaded as TSV and TBX and imported back into a term base.

``scripts/test.sh`` installs Debian's ``chromium`` and ``chromium-driver``; the tests skip, saying why,
only when no browser or driver can be found.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from tbx_schemas import BASIC_SCH, CORE_RNG, Schematron

from ipcorpus.cli import cli
from ipcorpus.export import dtd_text
from ipcorpus.report import build_report
from ipcorpus.terms.formats import read_glossary
from ipcorpus.terms.formats.tbx import TBX_NS, validate_tbx

pytestmark = pytest.mark.slow


def _browser() -> tuple[str, str]:
    """Paths of a Chromium/Chrome binary and its chromedriver, or a skip saying what is missing."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip("selenium is not installed (pip install selenium; scripts/test.sh does)")
    binary = os.environ.get("CHROMIUM_BINARY") or next(
        (p for n in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable") if (p := shutil.which(n))), None)
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or next(
        (p for p in ("/usr/lib/chromium/chromedriver", "/usr/bin/chromedriver") if Path(p).is_file()), None)
    if not binary:
        pytest.skip("no Chromium/Chrome browser found (apt-get install chromium; or set CHROMIUM_BINARY)")
    if not driver:
        pytest.skip("no chromedriver found (apt-get install chromium-driver; or set CHROMEDRIVER)")
    return binary, driver


@pytest.fixture(scope="module")
def report_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The white paper through ``ipcorpus run`` (the session's run, copied), then ``ipcorpus report``."""
    _browser()  # skip before the (shared) run when there is no browser
    out = tmp_path_factory.mktemp("wp-run") / "out"
    shutil.copytree(request.getfixturevalue("whitepaper_run").out, out)  # the shared folder stays as it is
    build_report(out)
    return out


@pytest.fixture
def browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = _browser()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    opts = Options()
    opts.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--lang=en-US"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    try:
        drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    except WebDriverException as exc:
        pytest.skip(f"Chromium could not be started by {driver_path}: {exc.msg}")
    drv.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    drv.downloads = downloads
    yield drv
    drv.quit()


def _open(drv, page: Path) -> None:
    drv.get(page.as_uri())
    for _ in range(100):
        if drv.execute_script("return document.documentElement.dataset.ready") == "1":
            return
        time.sleep(0.05)
    raise AssertionError(f"the report did not finish loading; console: {drv.get_log('browser')}")


def _wait_file(path: Path, timeout: float = 10) -> bytes:
    end = time.time() + timeout
    while time.time() < end:
        if path.is_file() and path.stat().st_size:
            time.sleep(0.1)
            return path.read_bytes()
        time.sleep(0.05)
    raise AssertionError(f"{path.name} was not downloaded (folder: {sorted(p.name for p in path.parent.iterdir())})")


def _beads(run: Path) -> list[dict]:
    rows = [json.loads(line) for line in (run / "alignment.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if "bead" in r]


def _tmx_header_props(tree) -> dict[str, str]:
    return {p.get("type"): p.text for p in tree.getroot().find("header").findall("prop")}


def test_report_in_chromium_mark_wrong_and_export_tmx(browser, report_run: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    drv = browser
    beads = _beads(report_run)
    _open(drv, report_run / "report.html")
    assert not [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    # every unit is in the table (one page of 500 rows holds the white paper's ~135 beads)
    Select(drv.find_element(By.CSS_SELECTOR, "#pager-align select")).select_by_visible_text("500")
    rows = drv.find_elements(By.CSS_SELECTOR, "#units-body tr.unit")
    assert len(beads) <= 500 and len(rows) == len(beads)
    assert [int(r.get_attribute("data-i")) for r in rows] == list(range(len(beads)))
    unpaired = [i for i, b in enumerate(beads) if not (b["zh_ids"] and b["en_ids"])]
    assert unpaired and len(drv.find_elements(By.CSS_SELECTOR, "#units-body tr.unit.unpaired")) == len(unpaired)
    # the pictures are drawn: points on the path canvas, bars in the SVGs
    assert drv.execute_script("return document.getElementById('plot-path').dataset.drawn") == str(len(beads))
    coloured = drv.execute_script("""
        const c = document.getElementById('plot-path'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let k = 0; k < d.length; k += 4) if (d[k + 3] > 0 && d[k + 1] > d[k] + 40) n++; return n;""")
    assert coloured > 200  # green-ish confidence points
    assert len(drv.find_elements(By.CSS_SELECTOR, "#plot-hist rect.bar")) == 20
    assert len(drv.find_elements(By.CSS_SELECTOR, "#plot-beads rect.bar")) >= 3
    # weakest first: the unpaired sentences, then the lowest confidence
    Select(drv.find_element(By.ID, "sort")).select_by_value("weak")
    order = [int(r.get_attribute("data-i")) for r in drv.find_elements(By.CSS_SELECTOR, "#units-body tr.unit")]
    assert order[:len(unpaired)] == unpaired
    scores = [beads[i]["score"] for i in order[len(unpaired):]]
    assert scores == sorted(scores)
    Select(drv.find_element(By.ID, "sort")).select_by_value("doc")
    # mark one 1-1 unit wrong, accept another
    wrong = next(i for i, b in enumerate(beads) if b["bead"] == "1-1" and i > 3)
    drv.find_element(By.CSS_SELECTOR, f'#units-body tr[data-i="{wrong}"] button.act-wrong').click()
    assert "wrong" in drv.find_element(By.CSS_SELECTOR, f'#units-body tr[data-i="{wrong}"]').get_attribute("class")
    drv.find_element(By.CSS_SELECTOR, '#units-body tr[data-i="0"] button.act-accept').click()
    assert "1 wrong" in drv.find_element(By.ID, "review-count").text
    drv.save_screenshot(str(tmp_path / "report.png"))
    # the reviewed TMX, as downloaded
    drv.find_element(By.ID, "dl-tmx").click()
    data = _wait_file(drv.downloads / "memory-reviewed.tmx")
    tree = etree.parse(io.BytesIO(data))
    dtd = etree.DTD(io.StringIO(dtd_text()))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    tus = tree.getroot().findall("body/tu")
    n_units = sum(1 for b in beads if b["zh_ids"] and b["en_ids"])
    assert len(tus) == n_units - 1
    zh_segs = [tu.find("tuv/seg").text for tu in tus]
    assert beads[wrong]["zh"] not in zh_segs
    assert beads[0]["zh"] in zh_segs
    assert [tu.findtext("prop[@type='x-review']") for tu in tus][0] == "accepted"
    # same header as ipcorpus's memory.tmx (plus the review), same tuids for the units kept
    own = etree.parse(str(report_run / "memory.tmx"))
    ours = _tmx_header_props(tree)
    review = json.loads(ours.pop("x-review"))
    assert review["wrong"] == 1 and review["accepted"] == 1 and review["units"] == n_units - 1
    assert ours == _tmx_header_props(own)
    assert dict(tree.getroot().find("header").attrib) == dict(own.getroot().find("header").attrib)
    own_tus = own.getroot().findall("body/tu")
    wrong_tuid = str(sum(1 for b in beads[:wrong + 1] if b["zh_ids"] and b["en_ids"]))
    assert own_tus[int(wrong_tuid) - 1].find("tuv/seg").text == beads[wrong]["zh"]
    assert [(tu.get("tuid"), [s.text for s in tu.iter("seg")]) for tu in tus] == \
           [(tu.get("tuid"), [s.text for s in tu.iter("seg")]) for tu in own_tus if tu.get("tuid") != wrong_tuid]
    # "accepted only" leaves just the accepted unit
    Select(drv.find_element(By.ID, "tmx-mode")).select_by_value("accepted")
    text = drv.execute_script("return window.ipcReport.exportTmx().text")
    assert text.count("<tu ") == 1


def test_report_join_units_and_review_glossary(browser, report_run: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    drv = browser
    beads = _beads(report_run)
    _open(drv, report_run / "report.html")
    # join a unit with the unpaired bead after it: one unit with both texts
    k = next(i for i in range(1, len(beads)) if not beads[i]["zh_ids"] and beads[i - 1]["zh_ids"]) - 1
    drv.execute_script("window.ipcReport.jumpTo(arguments[0])", k)
    drv.find_element(By.CSS_SELECTOR, f'#units-body tr[data-i="{k}"] button.act-join').click()
    units = drv.execute_script("return window.ipcReport.reviewedUnits('unmarked')")
    joined = next(u for u in units if u["group"][0] == k)
    assert joined["group"] == [k, k + 1] and joined["review"] == "joined"
    assert joined["en"] == beads[k]["en"] + " " + beads[k + 1]["en"]
    assert joined["bead"] == f"{len(beads[k]['zh_ids'])}-{len(beads[k]['en_ids']) + 1}"
    # the glossary tab: sort by count, approve three entries, reject one rendering of the first
    drv.find_element(By.CSS_SELECTOR, '.tabs button[data-tab="gloss"]').click()
    drv.find_element(By.CSS_SELECTOR, '#gloss th[data-sort="count"]').click()
    rows = drv.find_elements(By.CSS_SELECTOR, "#gloss-body tr[data-g]")
    counts = [int(r.find_elements(By.CSS_SELECTOR, "td")[2].text) for r in rows]
    assert counts == sorted(counts, reverse=True)
    picked = [r.get_attribute("data-g") for r in rows[:3]]
    for g in picked:
        drv.find_element(By.CSS_SELECTOR, f'#gloss-body tr[data-g="{g}"] button.act-approve').click()
    drv.find_element(By.CSS_SELECTOR, f'#gloss-body tr[data-g="{picked[0]}"] button.ex').click()
    assert drv.find_elements(By.CSS_SELECTOR, f'#gloss-body tr.examples[data-g="{picked[0]}"] .expair')
    drv.save_screenshot(str(tmp_path / "glossary.png"))
    drv.find_element(By.ID, "dl-tsv").click()
    drv.find_element(By.ID, "dl-tbx").click()
    tsv = drv.downloads / "glossary-reviewed.tsv"
    tbx = drv.downloads / "glossary-reviewed.tbx"
    _wait_file(tsv)
    _wait_file(tbx)
    g_tsv, g_tbx = read_glossary(tsv), read_glossary(tbx)
    assert len(g_tsv.entries) == len(g_tbx.entries) == 3
    assert [e.source for e in g_tsv.entries] == [e.source for e in g_tbx.entries]
    assert [[t.target for t in e.translations] for e in g_tsv.entries] == \
           [[t.target for t in e.translations] for e in g_tbx.entries]
    root = etree.parse(str(tbx)).getroot()
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    if CORE_RNG.is_file():  # the official TBX v3 schemas, when beside the clone
        assert validate_tbx(tbx, CORE_RNG) == []
        assert Schematron(BASIC_SCH).errors(tbx.read_bytes()) == []
    for f in (tsv, tbx):  # back into a term base, as approved (imported) entries
        res = CliRunner().invoke(cli, ["glossary", "import", str(f), "--termbase", str(tmp_path / "tb.sqlite")])
        assert res.exit_code == 0, res.output
        assert "imported 3 entries" in res.output
