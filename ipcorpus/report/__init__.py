"""report stage: one self-contained HTML page to read, filter and correct what ``ipcorpus run`` wrote.

>>> summary = build_report("out/")            # doctest: +SKIP   (writes out/report.html)

The page is made from the files of a run folder: ``alignment.jsonl`` (required: every bead and the
signature of the alignment on its meta line), ``units.jsonl`` (paragraph kinds and boundaries, sentences
the alignment left out) and the glossary (``glossary.json`` if there is one, else ``glossary.tsv`` with
its ``.meta.json`` sidecar and the example pairs of ``glossary.tbx``, else ``glossary.tbx`` alone). Styles,
script and data are inside the file (the data as compact JSON), and a Content-Security-Policy forbids
every network request, so the page opens from disk anywhere.

In the page a reviewer marks units wrong or accepted, joins a unit with the next one, approves or rejects
glossary entries, and downloads the reviewed TMX (TMX 1.4b, the header of ``ipcorpus/export/tmx.py``)
and the reviewed glossary (TSV in OmegaT layout, TBX v3 as ``ipcorpus/terms/formats/tbx.py`` writes it),
which ``ipcorpus glossary import`` reads back.
"""

from ipcorpus.report.build import ReportSummary, build_report, load_report_data, render_report

__all__ = ["ReportSummary", "build_report", "load_report_data", "render_report"]
