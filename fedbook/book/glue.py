"""Helpers for the book's pages: glue numbers into prose, format them consistently."""

from __future__ import annotations

import numbers

import pandas as pd


def plain(value):
    """Python scalars only: numpy's repr (np.float64(1.0)) would leak into glued text."""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value


def glue(name: str, value, display: bool = False) -> None:
    """myst-nb glue with plain Python values (returns None, so a cell ending in glue shows nothing).

    The value is also bound as a kernel variable of the same name, for ``{eval}`` in Jupyter.
    """
    from myst_nb import glue as _glue

    value = plain(value)
    _glue(name, value, display=display)
    bind_for_inline_expressions(name, value)


def bind_for_inline_expressions(name: str, value) -> None:
    """Make the glued value a variable of the running kernel.

    The prose cites it as ``{eval}`name` `` (see ``fedbook.book.inline``); JupyterLab-MyST
    evaluates that expression in the kernel when a reader runs the chapter. Outside
    IPython (plain scripts) there is no namespace to fill.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.user_ns[name] = value


def glue_many(prefix: str, values: dict) -> None:
    for key, value in values.items():
        glue(f"{prefix}_{key}", value)


def trillions(billions: float) -> float:
    return float(billions) / 1000.0
