"""evaluate stage: the ``.align`` format and Vecalign's strict/lax precision, recall and F1."""

from ipcorpus.evaluate.alignfile import format_align, parse_align, read_align
from ipcorpus.evaluate.files import evaluate_paths, format_table
from ipcorpus.evaluate.scoring import score, score_many

__all__ = ["evaluate_paths", "format_align", "format_table", "parse_align", "read_align", "score", "score_many"]
