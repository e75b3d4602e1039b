"""evaluate stage: the ``.align`` format and Vecalign's strict/lax precision, recall and F1."""

from ipcorpus.evaluate.alignfile import format_align, parse_align, read_align
from ipcorpus.evaluate.scoring import score, score_many

__all__ = ["format_align", "parse_align", "read_align", "score", "score_many"]
