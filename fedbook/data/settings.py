"""Numeric settings of the live data path, read from the environment and validated.

Every setting has a documented default (README, "Data"). A value that is not a finite
number in the allowed range is refused with one line naming the variable, never used
silently: ``-1``, ``nan`` or ``inf`` hours of cache would disable or freeze the cache.
"""

from __future__ import annotations

import math
import os

from .errors import LiveError


class SettingError(LiveError):
    """An environment setting is not a usable number."""


def number(name: str, unit: str, default: float, minimum: float = 0.0, allow_minimum: bool = True) -> float:
    """$name as a finite float >= minimum (> minimum if not allow_minimum), else `default` if unset."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    in_range = value >= minimum if allow_minimum else value > minimum
    if not math.isfinite(value) or not in_range:
        bound = f"{'at least' if allow_minimum else 'more than'} {minimum:g}"
        raise SettingError(f"{name} must be a number of {unit} ({bound}, finite), not {text!r}")
    return value
