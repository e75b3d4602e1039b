"""The confidence of a bead: how likely it is exactly right, from its score (calibrated on mac-dev)."""

from __future__ import annotations

import math

from ipcorpus.align.config import AlignConfig


def confidence(score: float, a: int, b: int, cfg: AlignConfig) -> float:
    """Confidence in [0, 1] that a bead is exactly right: a logistic function of its score per
    sentence ``score / ((a + b) / 2)`` (``cfg.conf_centre``, ``cfg.conf_scale``: predicted 0.85 -> 85%
    correct on mac-dev); a 0-1/1-0 bead gets ``cfg.conf_deletion``."""
    if a == 0 or b == 0:
        return cfg.conf_deletion
    g = score / ((a + b) / 2.0)
    z = max(-50.0, min(50.0, (g - cfg.conf_centre) / cfg.conf_scale))
    return float(1.0 / (1.0 + math.exp(-z)))
