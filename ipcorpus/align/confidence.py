"""The confidence of a bead: how likely it is exactly right, from its score (calibrated on mac-dev)."""

from __future__ import annotations

import math

#: logistic calibration of :func:`confidence`, fitted on the 12 mac-dev files pooled (strict
#: correctness of each chosen bead against its score per sentence; see docs/benchmarks.md)
CONF_CENTRE = -0.37
CONF_SCALE = 0.157
#: confidence of a 0-1/1-0 bead: the measured strict precision of such beads on mac-dev (~0.3)
CONF_DELETION = 0.3


def confidence(score: float, a: int, b: int) -> float:
    """Confidence in [0, 1] that a bead is exactly right: a logistic function of its score per
    sentence ``score / ((a + b) / 2)``, calibrated on mac-dev (predicted 0.85 -> 85% correct)."""
    if a == 0 or b == 0:
        return CONF_DELETION
    g = score / ((a + b) / 2.0)
    z = max(-50.0, min(50.0, (g - CONF_CENTRE) / CONF_SCALE))
    return float(1.0 / (1.0 + math.exp(-z)))
