"""Benchmark the book on this machine (not a test: it reports, it does not assert).

Measures: a clean site build with execution, English only and both editions as `make book`
builds them (English, then Chinese from the same run: the issue's budget is 1.5 times the
English-only build); the same build with execution off (stored outputs); each chapter's execution time; each student copy's execution time (solutions
empty); the size of the helper-package wheel with the data snapshot; the whole test suite
as `make test` runs it (two workers); loading every snapshot series; the built site's size
per page; and, in Debian's chromium when it is installed, every page's first-visit weight
(bytes of everything the browser downloads: HTML, images, scripts, styles, fonts) and its
widest element at 390 CSS px (a phone). Run: `make bench` (or .venv/bin/python benchmarks/run.py).
Options: --skip-tests to leave out the (slow) test-suite timing; --site DIR to measure an
already built site (DIR/_build/html) in the browser and nothing else; --live-stalled to add a
build in live mode against a local server that accepts connections and never answers
(the worst case for the live path's deadlines: it should stay within twice the offline build);
--scenario-only to time just the scenario command and chapter. Also the scenario lab's budgets:
`python -m fedbook scenario` should answer in under 2 s and the scenario-lab chapter execute in
under 15 s (reported, not asserted).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def build_site(out: Path, config: Path | None = None, env: dict | None = None, check: bool = True) -> None:
    command = [str(BIN / "jupyter-book"), "build", str(REPO), "--path-output", str(out), "-W", "-n", "--keep-going"]
    if config is not None:
        command += ["--config", str(config)]
    subprocess.run(command, check=check, capture_output=True, text=True, env=env)


def build_both_editions(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "fedbook.book.site", "--path-output", str(out), str(REPO)], check=True,
                   capture_output=True, text=True)


def stalled_server() -> str:
    """A local address that accepts connections and never answers; returns its FRED root URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept_forever():
        while True:
            held.append(listener.accept()[0])  # keep each connection open, say nothing

    threading.Thread(target=accept_forever, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/fred"


def live_stalled_build(out: Path) -> float:
    """Seconds for a live-mode build against a stalled FRED (warnings on pages, so not -W clean)."""
    env = {**os.environ, "FEDBOOK_SOURCE": "live", "FRED_API_KEY": "benchmarkkey", "FEDBOOK_FRED_URL": stalled_server(),
           "FEDBOOK_CACHE_DIR": str(out / "cache")}
    return timed(build_site, out, env=env, check=False)[0]


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


def student_copy_times() -> dict[str, float]:
    import nbformat
    from nbclient import NotebookClient

    times = {}
    for path in sorted((REPO / "student").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        times[path.relative_to(REPO).as_posix()] = round(timed(client.execute)[0], 2)
    return times


def wheel_bytes(folder: Path) -> int:
    from fedbook.book import wheel

    return wheel.build(folder).stat().st_size


def snapshot_load_time() -> tuple[float, int]:
    """Reading (and checking) the manifest, then loading every series."""
    from fedbook.data import series as data

    data._manifest_cached.cache_clear()
    seconds, count = timed(lambda: len([data.load(s) for s in data.series_ids()]))
    return seconds, count


SCENARIO_COMMAND = ["-m", "fedbook", "scenario", "--rmp", "20", "--tga-target", "900", "--weeks", "26"]
SCENARIO_CHAPTER = REPO / "notebooks" / "scenario-lab.ipynb"


def scenario_command_time(folder: Path, runs: int = 3) -> float:
    """Median wall time of the scenario command (a fresh interpreter each run, chart written)."""
    times = []
    for run in range(runs):
        command = [sys.executable, *SCENARIO_COMMAND, "--chart", str(folder / f"scenario-{run}.png")]
        times.append(timed(subprocess.run, command, cwd=REPO, check=True, capture_output=True)[0])
    return round(sorted(times)[len(times) // 2], 2)


def scenario_times(folder: Path) -> dict:
    from fedbook.book.notebooks import execute

    copy = folder / SCENARIO_CHAPTER.name
    shutil.copy2(SCENARIO_CHAPTER, copy)
    return {"scenario_command_s": scenario_command_time(folder), "scenario_command_budget_s": 2.0,
            "scenario_lab_execution_s": round(execute(copy), 2), "scenario_lab_budget_s": 15.0}


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
    parser.add_argument("--live-stalled", action="store_true")
    parser.add_argument("--scenario-only", action="store_true")
    parser.add_argument("--site", type=Path, help="measure this built site in the browser only")
    args = parser.parse_args()
    if args.site:
        print(json.dumps(browser_measures(args.site / "_build" / "html"), indent=2))
        return
    results: dict = {"machine": f"{platform.node()} {platform.processor() or platform.machine()}, "
                                f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}"}
    if args.scenario_only:
        with tempfile.TemporaryDirectory() as tmp:
            results.update(scenario_times(Path(tmp)))
        print(json.dumps(results, indent=2))
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "scenario").mkdir()
        results.update(scenario_times(tmp / "scenario"))
        results["build_with_execution_s"] = round(timed(build_site, tmp / "exec")[0], 1)
        results["build_both_editions_s"] = round(timed(build_both_editions, tmp / "both")[0], 1)
        results["both_editions_over_english_only"] = round(results["build_both_editions_s"]
                                                           / results["build_with_execution_s"], 2)
        if args.live_stalled:
            results["live_build_stalled_fred_s"] = round(live_stalled_build(tmp / "live"), 1)
        results["build_without_execution_s"] = round(
            timed(build_site, tmp / "noexec", config_without_execution(tmp))[0], 1)
        results["page_bytes"] = page_sizes(tmp / "both" / "_build" / "html")
        results["browser"] = browser_measures(tmp / "both" / "_build" / "html")
        (tmp / "nb").mkdir()
        results["chapter_execution_s"] = chapter_times(tmp / "nb")
        results["student_copy_execution_s"] = student_copy_times()
        results["wheel_bytes"] = wheel_bytes(tmp / "dist")
    seconds, count = snapshot_load_time()
    results["load_all_series_s"] = round(seconds, 3)
    results["series_loaded"] = count
    if not args.skip_tests:
        seconds, run = timed(subprocess.run, [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile"], cwd=REPO, capture_output=True,
                             text=True)
        results["test_suite_s"] = round(seconds, 1)
        results["test_suite_summary"] = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    print(json.dumps(results, indent=2))
    out = REPO / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
