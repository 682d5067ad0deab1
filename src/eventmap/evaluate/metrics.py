"""Distance metrics shared by the evaluations (acc@k, median, AUC of the log-error curve)."""
from __future__ import annotations

import math
import statistics

from geopy.distance import geodesic

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the error of a missing answer


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on WGS84 (geopy)."""
    return geodesic((lat1, lon1), (lat2, lon2)).km


def accuracy_at(errors: list[float], limit_km: float) -> float:
    return sum(e <= limit_km for e in errors) / len(errors) if errors else 0.0


def auc(errors: list[float]) -> float:
    """Area under the curve of sorted log errors, scaled to 0-1 (Gritta et al. 2018): lower is better."""
    if not errors:
        return 1.0
    ys = sorted(math.log(e + 1) / math.log(MAX_ERROR_KM + 1) for e in errors)
    if len(ys) == 1:
        return ys[0]
    dx = 1.0 / (len(ys) - 1)
    return sum((a + b) / 2 * dx for a, b in zip(ys, ys[1:]))


def summary(errors: list[float]) -> dict:
    """acc@161, AUC, mean and median error over a list of errors (missing answers = MAX_ERROR_KM)."""
    return {"n": len(errors), "acc161": round(accuracy_at(errors, 161), 4), "auc": round(auc(errors), 4),
            "mean_km": round(statistics.fmean(errors), 1) if errors else None,
            "median_km": round(statistics.median(errors), 1) if errors else None}
