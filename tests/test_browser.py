"""The built website in a real browser (Debian's chromium), offline, on a desktop and a phone.

The browser reaches only the local test server (fedbook.book.browser cuts every other
host), so a page that needs the internet fails here as it would on a train. Every page
is visited once at desktop size and once at 390 CSS px (a phone); the tests below assert
on what those visits saw. Without chromium and chromedriver these tests skip and the run
ends with a loud banner; with FEDBOOK_REQUIRE_BROWSER=1 (as .ci/run sets) they fail instead.
"""

import os
import re

import pytest

from fedbook.book import browser

MAX_PAGE_BYTES = 2_500_000  # first-visit weight of any page, the budget
MIN_PHONE_TEXT_PX = 8.0  # smallest chart text at phone width, in CSS px
SEARCH_QUERY = "reserves"


@pytest.fixture(scope="module")
def visits(built_site):
    missing = browser.missing_browser()
    if missing:
        if os.environ.get("FEDBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    seen = {}
    with browser.serve(built_site) as base, browser.chromium() as driver:
        for page in browser.site_pages(built_site):
            seen[page] = visit_on_a_phone(driver, base + page) if page.startswith(TRANSLATED) \
                else visit(driver, base + page)
        seen["_dropdowns"] = {page: open_dropdowns(driver, base + page)
                              for page in browser.site_pages(built_site) if page.startswith("notebooks/")}
        seen["_search"] = search(driver, base)
        seen["_search_zh"] = search(driver, base + "zh/", "准备金")
        seen["_chinese_glyphs"] = chinese_glyphs(driver, base + "zh/notebooks/qe-vs-qt.html")
    return seen


def chinese_glyphs(driver, url: str) -> dict:
    """Draw two different Chinese characters in the page's own font: without a Chinese font
    both come out as the same missing-glyph box."""
    browser.open_page(driver, url)
    return driver.execute_script("""
      const font = getComputedStyle(document.querySelector('article p')).font;
      const draw = s => { const c = document.createElement('canvas'); c.width = 80; c.height = 40;
                          const x = c.getContext('2d'); x.font = font; x.fillText(s, 2, 30); return c.toDataURL(); };
      return {font: font, differ: draw('缩') !== draw('表'), blank: draw('缩') === draw(' '),
              lang: document.documentElement.lang};""")


# The Chinese edition's pages share the English pages' templates, scripts and images: each is
# visited once, at phone width (where layout problems show), and every check below reads that
# visit (the suite's time budget has no room for a second visit of every page).
TRANSLATED = "zh/"


def visit(driver, url: str) -> dict:
    messages = browser.open_page(driver, url)
    desktop = browser.page_facts(driver)
    weight = browser.first_visit_weight(driver)
    browser.phone(driver)
    messages += browser.open_page(driver, url)
    phone = browser.page_facts(driver)
    phone["figures"] = driver.execute_script(FIGURES_JS)
    browser.phone(driver, on=False)
    return {"errors": browser.console_errors(messages), "desktop": desktop, "phone": phone, "weight": weight}


def visit_on_a_phone(driver, url: str) -> dict:
    browser.phone(driver)
    messages = browser.open_page(driver, url)
    phone = browser.page_facts(driver)
    phone["figures"] = driver.execute_script(FIGURES_JS)
    weight = browser.first_visit_weight(driver)
    browser.phone(driver, on=False)
    return {"errors": browser.console_errors(messages), "desktop": phone, "phone": phone, "weight": weight}


FIGURES_JS = """
return [...document.querySelectorAll('figure.fedbook-figure')].map(f => {
  const img = f.querySelector('img'), link = f.querySelector('a.image-reference');
  const cls = [...f.classList].find(c => c.startsWith('fedbook-smallest-text-')) || '';
  return {shown: img.getBoundingClientRect().width, css: parseFloat(img.style.width) || img.width,
          smallestPt: parseInt(cls.split('-').pop() || '0') / 10, fullSize: link ? link.href : '',
          caption: (f.querySelector('figcaption') || {}).textContent || ''};
});
"""


def open_dropdowns(driver, url: str) -> dict:
    """Click every solution dropdown; count how many show their content afterwards."""
    browser.open_page(driver, url)
    return driver.execute_script("""
      const drops = [...document.querySelectorAll('.solution.dropdown')];
      const shown = d => [...d.children].some(c => !c.classList.contains('admonition-title')
                                                 && c.getBoundingClientRect().height > 0);
      const closed = drops.filter(d => !shown(d)).length;
      drops.forEach(d => (d.querySelector('button.toggle-button') || d.querySelector('.admonition-title')).click());
      return {count: drops.length, closed: closed, opened: drops.filter(shown).length};""")


def search(driver, base: str, query: str = SEARCH_QUERY) -> int:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base}search.html?q={query}")
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return document.querySelectorAll('#search-results li').length > 0 || "
        "/did not match|no results/i.test((document.querySelector('#search-results') || {}).textContent || '')"))
    return driver.execute_script("return document.querySelectorAll('#search-results li').length")


def pages(visits):
    return {k: v for k, v in visits.items() if not k.startswith("_")}


def test_every_page_was_visited(visits):
    assert {"book/intro.html", "notebooks/qe-vs-qt.html", "notebooks/net-liquidity.html", "search.html"} <= set(visits)


def test_no_console_errors_offline(visits):
    """No JavaScript error, no failed request (404s, favicon, anything on the internet)."""
    assert {p: v["errors"] for p, v in pages(visits).items() if v["errors"]} == {}


def test_every_image_loads(visits):
    assert {p: v["desktop"]["brokenImages"] for p, v in pages(visits).items() if v["desktop"]["brokenImages"]} == {}


def test_every_math_element_renders_offline(visits):
    with_math = {p: v["desktop"] for p, v in pages(visits).items() if v["desktop"]["mathCount"]}
    assert len(with_math) >= 4  # identity, RMP, money markets, net liquidity, crypto
    assert {p: d["unrenderedMath"] for p, d in with_math.items() if d["unrenderedMath"]} == {}
    assert not [p for p, v in pages(visits).items() if not v["desktop"]["mathCount"] and v["desktop"]["mathJaxLoaded"]]


def test_no_duplicate_element_ids(visits):
    assert {p: v["desktop"]["duplicates"] for p, v in pages(visits).items() if v["desktop"]["duplicates"]} == {}


def test_no_page_scrolls_sideways_on_a_phone(visits):
    too_wide = {p: v["phone"]["widest"] for p, v in pages(visits).items()
                if v["phone"]["scrollWidth"] > browser.PHONE_WIDTH or v["phone"]["widest"]["right"] > browser.PHONE_WIDTH}
    assert too_wide == {}


def test_dates_do_not_wrap_in_the_middle_on_a_phone(visits):
    assert {p: v["phone"]["wrappedDates"] for p, v in pages(visits).items() if v["phone"]["wrappedDates"]} == {}


def test_charts_are_legible_on_a_phone_and_open_full_size(visits):
    figures = [(p, f) for p, v in pages(visits).items() for f in v["phone"]["figures"]]
    assert len(figures) >= 30
    for page, figure in figures:
        smallest_px = figure["smallestPt"] * 100 / 72 * figure["shown"] / figure["css"]
        assert smallest_px >= MIN_PHONE_TEXT_PX, (page, figure["caption"][:60], round(smallest_px, 1))
        assert re.search(r"/_images/[0-9a-f]+\.png$", figure["fullSize"]), (page, figure)
        numbered, as_of = ("图 ", "数据截至") if page.startswith("zh/") else ("Figure ", "data as of")
        assert re.match(numbered + r"\d+ ", figure["caption"].strip()) and as_of in figure["caption"], (page, figure)


def test_solution_dropdowns_open(visits):
    dropdowns = visits["_dropdowns"]
    assert sum(d["count"] for d in dropdowns.values()) >= 7
    assert {p: d for p, d in dropdowns.items() if not d["closed"] == d["opened"] == d["count"]} == {}


def test_search_returns_results(visits):
    assert visits["_search"] > 0


def test_chinese_search_finds_chinese_words(visits):
    assert visits["_search_zh"] > 0


def test_chinese_pages_render_chinese_glyphs_not_boxes(visits):
    seen = visits["_chinese_glyphs"]
    assert seen["lang"] == "zh-CN"
    assert seen["differ"] and not seen["blank"], (f"Chinese characters render as missing-glyph boxes in {seen['font']}: "
                                                  "install a Chinese font (apt-get install -y fonts-noto-cjk)")


def test_first_visit_weight_of_every_page_is_within_budget(visits):
    weights = {p: v["weight"] for p, v in pages(visits).items()}
    assert all(w > 100_000 for w in weights.values())  # the measurement saw the page's assets
    assert {p: w for p, w in weights.items() if w > MAX_PAGE_BYTES} == {}
