"""``ipcorpus split``: cut a document into paragraph units and sentences, per language, as JSONL."""

from __future__ import annotations

from pathlib import Path

import click

#: Inputs larger than this many bytes get a progress bar while they are read and segmented.
PROGRESS_BYTES = 2_000_000


def summary_line(zh, en, out_path: Path) -> str:
    """``zh: 49 paragraphs, 151 sentences; en: 50 paragraphs, 165 sentences -> OUT``."""
    def part(doc) -> str:
        return f"{doc.lang}: {len(doc.paragraphs)} paragraphs, {sum(len(p.sentences) for p in doc.paragraphs)} sentences"

    return f"{part(zh)}; {part(en)} -> {out_path}"


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--en", "en_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="English file, when INPUT holds only the Chinese text.")
@click.option("--presplit", is_flag=True,
              help="INPUT and --en hold one sentence a line: every line becomes one sentence "
                   "(sentence id = 0-based line number, blank lines included).")
@click.option("-o", "--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output JSONL file: one paragraph per line with its kind, language, source lines "
                   "and sentences.")
def split(input_path: Path, en_path: Path | None, presplit: bool, out_path: Path) -> None:
    """Split INPUT into paragraph units and sentences, per language.

    \b
    INPUT is either
      - one bilingual file whose Chinese passages and English translations
        alternate (like the 2019 Zhejiang IP white paper), or
      - a Chinese file, with --en giving the English one, or
      - with --presplit, files holding one sentence a line.

    Encodings (UTF-8, UTF-16, GB18030/GBK, Big5) are detected. Paragraphs broken
    by page breaks are rejoined; table rows, figure captions and chart residue
    become units of their own, each marked with its kind.

    \b
    Example:
      ipcorpus split whitepaper.txt -o units.jsonl
    """
    if presplit and en_path is None:
        raise click.UsageError("--presplit needs --en FILE (the English sentence file).")
    from ipcorpus.cli.paths import refuse_overwriting_inputs

    refuse_overwriting_inputs([("-o", out_path)], [input_path, en_path])
    size = input_path.stat().st_size + (en_path.stat().st_size if en_path else 0)
    from ipcorpus.pipeline import load_documents, write_units_jsonl

    if size > PROGRESS_BYTES:
        with click.progressbar(length=1, label="reading and segmenting", file=click.get_text_stream("stderr")) as bar:
            zh, en = load_documents(input_path, en_path, presplit)
            bar.update(1)
    else:
        zh, en = load_documents(input_path, en_path, presplit)
    try:
        write_units_jsonl((zh, en), out_path)
    except OSError as exc:  # an immutable target, a full disk: one line naming the file
        from ipcorpus.errors import IpcorpusError, os_error_message

        raise IpcorpusError(os_error_message(exc, out_path, writing=True)) from exc
    click.echo(summary_line(zh, en, out_path))
