"""Commands: ``python -m fedbook {refresh,verify,build-snapshot,scenario}``.

Expected failures (no API key, FRED down, a tampered snapshot) print one clear line and
exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import live, store


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (live.LiveError, store.SnapshotError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m fedbook",
                                  description="Maintain fedbook's embedded data snapshot.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    refresh = commands.add_parser("refresh", help="re-fetch the FRED series and rewrite the snapshot (all or nothing)")
    refresh.add_argument("--series", nargs="+", metavar="ID", help="only these manifest series (default: every FRED series)")
    refresh.add_argument("--allow-revisions", action="store_true",
                         help="accept values FRED has revised since the snapshot (they are listed)")
    refresh.set_defaults(run=run_refresh)

    verify = commands.add_parser("verify", help="check the manifest, its seal and every snapshot file")
    verify.set_defaults(run=run_verify)

    build = commands.add_parser("build-snapshot", help="rebuild the snapshot from the raw public copies")
    build.add_argument("--raw", type=Path, default=None, help="the raw folder (default ../shared/data/raw)")
    build.set_defaults(run=run_build)

    add_scenario_parser(commands)
    return top


def run_refresh(args) -> int:
    from .data.refresh import RefreshError, refresh

    try:
        return refresh(series_ids=args.series, allow_revisions=args.allow_revisions)
    except RefreshError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def run_verify(args) -> int:
    snapshot = store.snapshot_dir()
    manifest = store.read_manifest(check_seal=False)  # layout and units first; the seal after the files
    entries = manifest["series"]
    failures = [f"{entry['file']}: {problem}" for entry in entries.values()
                if (problem := store.content_problem(snapshot, entry))]
    failures += [f"{name}: not in the manifest (remove it, or add a recipe and rebuild)"
                 for name in store.unlisted_files(snapshot, manifest)]
    for problem in failures:
        print(f"FAILED {problem}")
    if failures:
        print(f"{len(failures)} problem(s) in {snapshot} against {store.MANIFEST_NAME}. "
              f"Restore it with `git checkout -- data/`.")
        return 1
    store.read_manifest()  # the seal: a descriptive field edited by hand
    print(f"OK: all {len(entries)} snapshot files in {snapshot} match the manifest (sha256, rows, first and "
          f"last dates, units), and the manifest matches {store.SEAL_NAME}.")
    return 0


def run_build(args) -> int:
    from .data.snapshot.build import DEFAULT_RAW_DIR, build_snapshot
    from .data.snapshot.rawread import RawFormatError

    try:
        manifest = build_snapshot(args.raw or DEFAULT_RAW_DIR)
    except RawFormatError as exc:  # a splice, unit or revision check refused: nothing was written
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Built the snapshot: {len(manifest['series'])} series in {store.snapshot_dir()}. "
          f"Check it with `python -m fedbook verify`, then re-execute the notebooks (make execute).")
    return 0


# --- scenario --------------------------------------------------------------------------------

SCENARIO_OPTIONS = {  # option -> (Assumptions field or "weeks", LIMITS key)
    "rmp": ("rmp_per_month", "rmp_per_month"),
    "mbs_runoff": ("mbs_runoff_per_month", "mbs_runoff_per_month"),
    "reinvested_share": ("reinvested_share", "reinvested_share"),
    "other_assets": ("other_assets_per_month", "other_assets_per_month"),
    "tga_target": ("tga", "tga_target"),
    "tga_weeks": ("tga_weeks", "tga_weeks"),
    "rrp_target": ("rrp", "rrp_target"),
    "rrp_weeks": ("rrp_weeks", "rrp_weeks"),
    "currency": ("currency_per_month", "currency_per_month"),
    "weeks": ("weeks", "weeks"),
}
SCENARIO_HELP = """\
Project reserves, net liquidity and the SOFR - IORB spread risk week by week on the Fed's
balance-sheet identity, from the last complete week in the data (or --start):
  total assets change by RMPs - MBS run-off not reinvested + other asset flows;
  the TGA, ON RRP and currency follow the paths below; other liabilities stay at the
  start level; reserves = assets - TGA - ON RRP - currency - other.
All money is in billions of USD; paces are billions a month (a month = 365.25/12 days).
It is bookkeeping under your assumptions, not a forecast, and gives no investment advice.
The spread-risk column compares projected reserves with the range in which the weekly
SOFR - IORB spread has turned positive since 2025 (a description of past weeks, not a law).
"""


def add_scenario_parser(commands) -> None:
    scenario = commands.add_parser(
        "scenario", help="project reserves, net liquidity and spread risk under your assumptions",
        description=SCENARIO_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add = scenario.add_argument
    add("--rmp", default="0", metavar="B", help="reserve-management purchases, net new, billions of USD a month "
        "(0 to 500; default 0)")
    add("--mbs-runoff", default=None, metavar="B", help="MBS principal run-off, billions of USD a month (0 to 100; "
        "default: the WSHOMCB trend of the 13 weeks before the start)")
    add("--reinvested-share", default="1", metavar="S", help="share of MBS run-off reinvested in Treasury bills, "
        "0 to 1 (default 1, the policy since 1 Dec 2025)")
    add("--other-assets", default="0", metavar="B", help="any other asset flow (repo, loans), billions of USD a "
        "month (-500 to 500; default 0)")
    add("--tga-target", default=None, metavar="B", help="TGA level reached linearly over --tga-weeks, billions of "
        "USD (0 to 3000; default: see --tga-rule)")
    add("--tga-rule", choices=("flat", "seasonal"), default="flat", help="TGA path when no --tga-target: held at "
        "the start level, or the median seasonal weekly pattern of the three years before the start (default flat)")
    add("--tga-weeks", default="13", metavar="N", help="weeks to reach --tga-target (1 to 260; default 13)")
    add("--rrp-target", default=None, metavar="B", help="ON RRP level reached linearly over --rrp-weeks, billions "
        "of USD (0 to 3000; default: held at the start level; never below zero)")
    add("--rrp-weeks", default="13", metavar="N", help="weeks to reach --rrp-target (1 to 260; default 13)")
    add("--currency", default=None, metavar="B", help="currency growth, billions of USD a month (-100 to 100; "
        "default: the trend of the 52 weeks before the start)")
    add("--weeks", default="26", metavar="N", help="horizon in weeks (1 to 260, i.e. up to five years; default 26)")
    add("--start", default=None, metavar="DATE", help="start Wednesday YYYY-MM-DD or an event key, inside the data "
        "(default: the last complete week)")
    add("--chart", type=Path, default=Path("scenario.png"), metavar="PNG",
        help="where to write the chart (default ./scenario.png)")
    add("--no-chart", action="store_true", help="print the table only")
    scenario.set_defaults(run=run_scenario)


def scenario_inputs(args):
    """(Assumptions, weeks) from the options, validated; ScenarioError names the bad option."""
    from .analysis import scenario as sc

    values = {}
    for option, (field, limit) in SCENARIO_OPTIONS.items():
        raw = getattr(args, option)
        if raw is not None:
            values[field] = sc.check_range(limit, raw, label="--" + option.replace("_", "-"))
    values.setdefault("tga", args.tga_rule)
    weeks = int(values.pop("weeks"))
    for field in ("tga_weeks", "rrp_weeks"):
        values[field] = int(values[field])
    return sc.Assumptions(**values).checked(), weeks


def run_scenario(args) -> int:
    from .analysis import scenario as sc

    try:
        assumptions, weeks = scenario_inputs(args)
        if not args.no_chart and not args.chart.parent.resolve().is_dir():
            raise sc.ScenarioError(f"--chart: the folder {args.chart.parent} does not exist")
        frame = sc.history()
        projected = sc.project(assumptions, weeks, args.start, frame)
    except sc.ScenarioError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 2
    weekly = sc.weekly_spreads()
    fit = sc.spread_fit(weekly)
    print_scenario(projected, weekly, fit)
    if not args.no_chart:
        write_scenario_chart(projected, frame, fit, args.chart)
    return 0


def print_scenario(projected, weekly, fit) -> None:
    import pandas as pd

    from .book import scenario_view as view

    paces = projected.attrs["paces"]
    print(f"Scenario from {projected.attrs['start']:%Y-%m-%d} (billions of USD; {projected.attrs['basis']}; "
          f"reserves a week average)")
    print(f"  total assets {paces['assets a month']:+.1f} a month (RMPs {paces['RMPs a month']:.1f}, MBS run-off "
          f"{paces['MBS run-off a month']:.1f} of which not reinvested {paces['MBS run-off not reinvested a month']:.1f},"
          f" other {paces['other assets a month']:.1f}); currency {paces['currency a month']:+.1f} a month; "
          f"other liabilities flat")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(view.printed_table(projected, weekly, fit).to_string(float_format=lambda v: f"{v:,.0f}"))
    print(f"SOFR - IORB vs reserves, {fit['weeks']} weeks {fit['from']:%Y-%m-%d} to {fit['to']:%Y-%m-%d}: "
          f"{fit['slope']:.1f} bp per $100B (5-95%: {fit['slope lo']:.1f} to {fit['slope hi']:.1f}); the fitted "
          f"spread turns positive below {fit['zero at']:,.0f} (5-95%: {fit['zero lo']:,.0f} to {fit['zero hi']:,.0f}).")
    print("Bookkeeping under stated assumptions, not a forecast; no investment advice.")


def write_scenario_chart(projected, frame, fit, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # a file, no window
    from .book import scenario_view as view

    start = projected.attrs["start"]
    fig, _ = view.scenario_figure(projected, view.past_weeks(frame, start), fit,
                                  f"Scenario: reserves from {start:%Y-%m-%d}, {len(projected) - 1} weeks")
    fig.savefig(path, bbox_inches="tight")
    print(f"Chart written to {path}")


if __name__ == "__main__":
    sys.exit(main())
