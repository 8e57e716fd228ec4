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

    verify = commands.add_parser("verify", help="check every snapshot file against its manifest sha256")
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
    entries = store.read_manifest()["series"]
    failures = [problem for entry in entries.values() if (problem := check_file(snapshot, entry))]
    for problem in failures:
        print(f"FAILED {problem}")
    if failures:
        print(f"{len(failures)} of {len(entries)} snapshot files do not match {snapshot / store.MANIFEST_NAME}. "
              f"Restore them with `git checkout -- data/`.")
        return 1
    print(f"OK: all {len(entries)} snapshot files in {snapshot} match the manifest sha256.")
    return 0


def check_file(snapshot: Path, entry: dict) -> str | None:
    path = snapshot / entry["file"]
    if not path.exists():
        return f"{entry['file']}: missing"
    actual = store.sha256_file(path)
    return None if actual == entry["sha256"] else f"{entry['file']}: sha256 {actual[:12]}..., manifest {entry['sha256'][:12]}..."


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
