"""Benchmark the book on this machine (not a test: it reports, it does not assert).

Measures: a clean site build with execution; the same build with execution off (stored
outputs); each chapter's execution time; the whole test suite; loading every snapshot
series; the built site's size per page; and, in Debian's chromium when it is installed,
every page's first-visit weight (bytes of everything the browser downloads: HTML,
images, scripts, styles, fonts) and its widest element at 390 CSS px (a phone).
Run: `make bench` (or .venv/bin/python benchmarks/run.py).
Options: --skip-tests to leave out the (slow) test-suite timing; --site DIR to measure an
already built site (DIR/_build/html) in the browser and nothing else.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def build_site(out: Path, config: Path | None = None) -> None:
    command = [str(BIN / "jupyter-book"), "build", str(REPO), "--path-output", str(out), "-W", "-n", "--keep-going"]
    if config is not None:
        command += ["--config", str(config)]
    subprocess.run(command, check=True, capture_output=True, text=True)


def config_without_execution(folder: Path) -> Path:
    text = (REPO / "_config.yml").read_text(encoding="utf-8")
    path = folder / "_config_noexec.yml"
    path.write_text(re.sub(r"execute_notebooks: *\w+", "execute_notebooks: 'off'", text), encoding="utf-8")
    return path


def chapter_times(folder: Path) -> dict[str, float]:
    from fedbook.book.notebooks import chapter_paths, execute

    times = {}
    for path in chapter_paths() + sorted((REPO / "book").glob("*.ipynb")):
        copy = folder / path.name
        shutil.copy2(path, copy)
        times[path.relative_to(REPO).as_posix()] = round(execute(copy), 2)
    return times


def snapshot_load_time() -> tuple[float, int]:
    from fedbook import data

    data._manifest_cached.cache_clear()
    ids = data.series_ids()
    seconds, _ = timed(lambda: [data.load(s) for s in ids])
    return seconds, len(ids)


def page_sizes(html: Path) -> dict[str, int]:
    sizes = {}
    for page in sorted(html.rglob("*.html")):
        if page.name in {"genindex.html", "search.html"} or "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8", errors="ignore")
        images = {m for m in re.findall(r'src="([^"]+\.(?:png|svg|jpg))"', text)}
        image_bytes = sum((page.parent / m).stat().st_size for m in images if (page.parent / m).exists())
        sizes[page.relative_to(html).as_posix()] = page.stat().st_size + image_bytes
    return sizes


def browser_measures(html: Path) -> dict:
    """Per page: first-visit weight (bytes) and the widest element at phone width (CSS px)."""
    from fedbook.book import browser

    if browser.missing_browser():
        return {"skipped": browser.missing_browser()}
    measures = {}
    with browser.serve(html) as base, browser.chromium() as driver:
        for page in browser.site_pages(html):
            browser.open_page(driver, base + page)
            weight = browser.first_visit_weight(driver)
            browser.phone(driver)
            browser.open_page(driver, base + page)
            facts = browser.page_facts(driver)
            browser.phone(driver, on=False)
            measures[page] = {"first_visit_bytes": weight, "phone_page_width_px": facts["scrollWidth"],
                              "phone_widest_element": facts["widest"]}
    return measures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--site", type=Path, help="measure this built site in the browser only")
    args = parser.parse_args()
    if args.site:
        print(json.dumps(browser_measures(args.site / "_build" / "html"), indent=2))
        return
    results: dict = {"machine": f"{platform.node()} {platform.processor() or platform.machine()}, "
                                f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        results["build_with_execution_s"] = round(timed(build_site, tmp / "exec")[0], 1)
        results["build_without_execution_s"] = round(
            timed(build_site, tmp / "noexec", config_without_execution(tmp))[0], 1)
        results["page_bytes"] = page_sizes(tmp / "exec" / "_build" / "html")
        results["browser"] = browser_measures(tmp / "exec" / "_build" / "html")
        (tmp / "nb").mkdir()
        results["chapter_execution_s"] = chapter_times(tmp / "nb")
    seconds, count = snapshot_load_time()
    results["load_all_series_s"] = round(seconds, 3)
    results["series_loaded"] = count
    if not args.skip_tests:
        seconds, run = timed(subprocess.run, [sys.executable, "-m", "pytest", "-q"], cwd=REPO, capture_output=True,
                             text=True)
        results["test_suite_s"] = round(seconds, 1)
        results["test_suite_summary"] = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    print(json.dumps(results, indent=2))
    out = REPO / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
