""""Net liquidity" = Fed total assets - Treasury General Account - ON RRP, on one stated basis.

All inputs in billions of USD (fb.load converts: WALCL, WDTGAL and WTREGEN are published
in millions, RRPONTSYD in billions). Two bases:

- "wednesday": WALCL - WDTGAL - RRPONTSYD, all Wednesday values. ON RRP is taken on the
  Wednesday itself; a Wednesday without an ON RRP observation stays NaN (not filled).
- "week_average": WALCL (a Wednesday level: no week-average total assets is in the
  snapshot) - WTREGEN (week average) - the mean of the daily ON RRP observations in the
  week ending that Wednesday. This mixes bases, and charts must say so.
"""

from __future__ import annotations

import pandas as pd

from . import identity

BASES = ("wednesday", "week_average")


def components(basis: str = "wednesday") -> pd.DataFrame:
    """Columns: assets, tga, rrp, net_liquidity (billions of USD), indexed by Wednesday."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    tga, rrp = ("WDTGAL", "wednesday") if basis == "wednesday" else ("WTREGEN", "week_average")
    frame = identity.levels(tga=tga, rrp=rrp)[["assets", "tga", "rrp"]].dropna(subset=["assets"])
    frame["net_liquidity"] = frame["assets"] - frame["tga"] - frame["rrp"]
    frame.attrs["basis"] = basis
    return frame


def net_liquidity(basis: str = "wednesday") -> pd.Series:
    return components(basis)["net_liquidity"].dropna().rename(f"net liquidity ({basis})")
