"""Look at the built website in a real browser, offline, as a reader on a phone would.

Used by ``tests/test_browser.py`` (which asserts) and ``benchmarks/run.py`` (which
records). The browser is Debian's ``chromium`` driven through Debian's
``chromium-driver`` by Selenium; nothing here downloads a browser or a driver. The site
is served on 127.0.0.1 by a thread in this process, and the browser's network is cut
to that server: every other host fails to resolve and any proxied request goes to a
closed port, so a page that needs the internet shows it as a console error.

Units: weights are bytes of response bodies as sent by the server (the test server
does not compress, so a CDN that gzips would send fewer bytes); widths are CSS pixels.
What this cannot separate: a resource the page fetches only after a user action (a
dropdown's lazy image, a search index fetched on typing) counts only if the check
triggers it; ``first_visit_weight`` loads the page, waits for it to settle and counts
what was downloaded by then.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socket
import tempfile
import threading
from pathlib import Path

PHONE_WIDTH = 390  # CSS px: a common phone (iPhone 12-15) in portrait
PHONE_HEIGHT = 844
# Not reader pages: Sphinx's generated index is listed too, as readers reach it from the footer.
SKIPPED_DIRS = {"_static", "_sources", "_images"}


def missing_browser() -> str | None:
    """None when chromium and chromedriver are on PATH, else what is missing (one line)."""
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    if not missing:
        return None
    return (f"{' and '.join(missing)} not found: install Debian's chromium and chromium-driver "
            "(apt-get install -y chromium chromium-driver) to run the browser checks")


def site_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if not SKIPPED_DIRS.intersection(p.relative_to(html_dir).parts))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output should show failures, not every request
        pass


@contextlib.contextmanager
def serve(html_dir: Path):
    """Serve html_dir on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def chromium():
    """A headless Debian chromium whose network reaches only 127.0.0.1."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    with tempfile.TemporaryDirectory(prefix="fedbook-chromium-") as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900",
                     # offline except the local server: no name resolves, no proxy answers
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                     f"--proxy-server=http://127.0.0.1:{_closed_port()}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver")))
        try:
            driver.set_page_load_timeout(60)
            driver.set_script_timeout(30)
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})  # every visit is a first visit
            yield driver
        finally:
            driver.quit()


def phone(driver, on: bool = True) -> None:
    """Emulate a phone screen (390 CSS px wide, touch) or go back to the desktop window."""
    if on:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": PHONE_WIDTH, "height": PHONE_HEIGHT, "deviceScaleFactor": 3, "mobile": True})
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


_SETTLE_JS = """
const done = arguments[arguments.length - 1];
const images = [...document.images].map(img => img.complete ? null : new Promise(r => {
  img.addEventListener('load', r); img.addEventListener('error', r); }));
// MathJax's startup component arrives after the page's load event: wait for it (up to 20 s).
const math = new Promise(resolve => { const t0 = Date.now(); (function wait() {
  if (!document.querySelector('.math')) return resolve();
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) return MathJax.startup.promise.then(resolve, resolve);
  if (Date.now() - t0 > 20000) return resolve();
  setTimeout(wait, 50); })(); });
Promise.all([math, ...images.filter(Boolean)]).then(() => document.fonts.ready).then(() => done(true), () => done(false));
"""


def open_page(driver, url: str) -> list[dict]:
    """Load url, wait for images, fonts and math; return the console messages it logged."""
    driver.get_log("browser")  # drop messages from the previous page
    driver.get(url)
    driver.execute_async_script(_SETTLE_JS)
    return driver.get_log("browser")


def console_errors(messages: list[dict]) -> list[str]:
    return [m["message"] for m in messages if m.get("level") == "SEVERE"]


def first_visit_weight(driver) -> int:
    """Bytes of every response the current page downloaded (document, scripts, styles,
    images, fonts), with the cache disabled, i.e. what a first-time reader fetches."""
    return int(driver.execute_script("""
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return entries.reduce((sum, e) => sum + (e.encodedBodySize || 0), 0);"""))


PAGE_FACTS_JS = r"""
const vw = document.documentElement.clientWidth;
// An element cannot widen the page if a box around it scrolls or clips, or if it (or a box
// around it) is position:fixed, like the theme's closed off-canvas drawers.
const clipped = el => { if (getComputedStyle(el).position === 'fixed') return true;
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const style = getComputedStyle(a);
    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) || style.position === 'fixed') return true; }
  return false; };
let widest = {right: 0, what: ''};
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right < widest.right || clipped(el)) continue;  // '<': the innermost of equals wins
  const cls = (typeof el.className === 'string' && el.className) ? '.' + el.className.trim().split(/\s+/).join('.') : '';
  widest = {right: Math.round(r.right), what: el.tagName.toLowerCase() + cls};
}
const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
const brokenImages = [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
const math = [...document.querySelectorAll('.math')];
const unrenderedMath = math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 60));
// A date (2022-04-13) split over two lines: a range over it has two boxes.
const wrappedDates = [];
const walker = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  for (const m of node.textContent.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
    const range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
    const boxes = [...range.getClientRects()].filter(r => r.width > 0);
    if (boxes.length > 1 && new Set(boxes.map(r => Math.round(r.top))).size > 1) wrappedDates.push(m[0]);
  }
}
return {viewport: vw, wrappedDates, scrollWidth: document.documentElement.scrollWidth, widest, duplicates, brokenImages,
        mathCount: math.length, unrenderedMath, mathJaxLoaded: !!window.MathJax};
"""


def page_facts(driver) -> dict:
    """Widest unclipped element, duplicate ids, broken images and unrendered math."""
    return driver.execute_script(PAGE_FACTS_JS)
