"""Maintainer commands: ``python -m fedbook {refresh,verify,build-snapshot}``.

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


if __name__ == "__main__":
    sys.exit(main())
