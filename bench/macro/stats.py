"""Order statistics for the bench's small samples (tens of runs)."""

import math


def percentile(values, fraction):
    """The nearest-rank percentile: an observed value, never an interpolation between two."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values):
    return percentile(values, 0.5)
