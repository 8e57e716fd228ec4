"""The website builds warning-free, shows glued numbers, and fails on a broken notebook;
its pages need nothing from the internet, sources are links and charts are numbered figures."""

import html
import re
import shutil
import socket
from pathlib import Path

import nbformat
import pytest
from conftest import build_book

REPO = Path(__file__).resolve().parents[1]
from fedbook.book.editions import BOOK_FILES  # noqa: E402  the same files the editions copy


def copy_book(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in BOOK_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    return target


build = build_book


def execute_only(root: Path, chapter: str = "qe-vs-qt") -> None:
    """Execute one chapter; the others render from their stored outputs (keeps the test fast
    while the whole table of contents, and so every cross-reference, is still built)."""
    others = sorted(p.name for p in (root / "notebooks").glob("*.ipynb") if p.stem != chapter)
    others += sorted(p.name for p in (root / "book").glob("*.ipynb"))
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    patterns = ", ".join(f'"*{name}"' for name in others)
    assert "  execute_notebooks: force\n" in text, "_config.yml changed: update this helper"
    config.write_text(text.replace("  execute_notebooks: force\n",
                                   f"  execute_notebooks: force\n  exclude_patterns: [{patterns}]\n"))


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/fred"


# Order matters for the suite's time: the tests that build a site of their own come first, so
# that under `make test` they run while the shared site (built_site) is still being built.

def test_build_fails_on_a_notebook_exception(tmp_path):
    root = copy_book(tmp_path / "book")
    execute_only(root)
    path = root / "notebooks" / "qe-vs-qt.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('deliberately broken chapter')"))
    nbformat.write(nb, path)
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    assert "deliberately broken chapter" in result.stdout + result.stderr


def test_live_mode_without_fred_falls_back_visibly_and_leaks_no_key(tmp_path):
    key = "abcdefghijklmnopqrstuvwxyz012345"
    root = copy_book(tmp_path / "book")
    execute_only(root)
    env = {"FEDBOOK_SOURCE": "live", "FRED_API_KEY": key, "FEDBOOK_FRED_URL": closed_port_url(),
           "FEDBOOK_CACHE_DIR": str(tmp_path / "cache")}
    result = build(root, tmp_path / "out", env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (tmp_path / "out" / "_build" / "html" / "notebooks" / "qe-vs-qt.html").read_text(encoding="utf-8")
    assert "LiveDataWarning" in page and "Using the embedded snapshot instead (data as of 2026-10-07)" in page
    leaked = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and key.encode() in p.read_bytes()]
    assert not leaked and key not in result.stdout + result.stderr


# ---- the solutions-free edition -------------------------------------------------------------

@pytest.fixture(scope="module")
def student_site(tmp_path_factory):
    from fedbook.book.editions import write_student_tree

    # Stored outputs instead of re-execution keep this fast; the tree is the one
    # `make book-noanswers` builds (which executes the chapters as the full site does).
    tree = write_student_tree(tmp_path_factory.mktemp("student") / "book", execute=False)
    out = tmp_path_factory.mktemp("student-site")
    result = build(tree, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


def chapter_pages(site: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((site / "notebooks").glob("*.html"))}


def model_answers() -> list[str]:
    from fedbook.book import teaching

    chapters = teaching.load()["chapters"].values()
    return [" ".join(item[key].split()) for c in chapters for key, items in (("a", c["questionnaire"]),
            ("answer", c["reasoning"])) for item in items]


def visible_text(page: str) -> str:
    """A page's text with tags dropped, entities decoded and Sphinx's smart quotes undone."""
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for curly, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, plain)
    return " ".join(text.split())


def test_student_edition_has_exercises_but_no_solutions_and_no_answers(student_site, built_site):
    full, student = chapter_pages(built_site), chapter_pages(student_site)
    assert set(student) == set(full)
    for name, html in student.items():
        assert 'class="solution' not in html and "solution-content" not in html, name
        assert 'class="exercise' in html and "Questionnaire" in html, name
    assert not (student_site / "book" / "instructor-guide.html").exists()
    everything = " ".join(visible_text(p.read_text(encoding="utf-8")) for p in student_site.rglob("*.html"))
    shown_in_full = " ".join(visible_text(html) for html in full.values())
    leaked = [answer[:60] for answer in model_answers() if answer in everything]
    assert not leaked, f"model answers on the solutions-free site: {leaked}"
    # a solution's prose is on the full page and not on the student page
    assert "much less dispersed" in shown_in_full and "much less dispersed" not in everything


def test_full_edition_has_folded_solutions_and_the_instructor_guide(built_site):
    pages = chapter_pages(built_site)
    chapters = sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb"))
    assert sorted(pages) == chapters and all('class="solution' in html for html in pages.values())
    guide = visible_text((built_site / "book" / "instructor-guide.html").read_text(encoding="utf-8"))
    assert "Six-week syllabus" in guide
    assert all(answer in guide for answer in model_answers())  # so the absence check below can fail


def test_site_builds_without_warnings(built_site):
    assert (built_site / "index.html").exists()
    assert (built_site / "notebooks" / "qe-vs-qt.html").exists()


def test_glued_numbers_reach_the_page(built_site):
    page = (built_site / "notebooks" / "qe-vs-qt.html").read_text(encoding="utf-8")
    assert "8.965" in page and "2022-04-13" in page  # the WALCL peak, computed at build time
    assert "pasted-text" in page
    assert 'alt="Chart: The Fed' in page  # chart alt text for screen readers
    assert "{eval}" not in page and "grew\n<span class=\"pasted-text\">9.9</span>-fold" in page


def test_exercise_references_resolve_to_the_numbered_exercise(built_site):
    page = (built_site / "notebooks" / "rmp-vs-qe.html").read_text(encoding="utf-8")
    # The site numbers exercises across the book; the prose names them through the label.
    assert "{numref}" not in page and re.search(r'href="#rmp-ex3"><span class="std std-numref">Exercise \d+</span>', page)


def test_chart_references_resolve_to_the_numbered_figure(built_site):
    page = (built_site / "notebooks" / "qe-vs-qt.html").read_text(encoding="utf-8")
    # charts.finish(..., label="fig-qeqt-eras") names the figure; the prose cites it as {numref}`fig-qeqt-eras`.
    assert re.search(r'href="#fig-qeqt-eras"><span class="std std-numref">Figure [\d.]+</span>', page)
    assert 'id="fig-qeqt-eras"' in page


def test_every_chapter_and_the_welcome_page_link_the_wheel_and_copies(built_site):
    from fedbook.book.sphinx_ext import wheel_name

    assert (built_site / wheel_name()).stat().st_size > 0
    pages = sorted((built_site / "notebooks").glob("*.html")) + [built_site / "book" / "intro.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Running th" in html and f'href="../{wheel_name()}"' in html, page.name
        if page.parent.name == "notebooks":
            assert (built_site / "student" / f"{page.stem}.ipynb").exists()
            assert f'href="../student/{page.stem}.ipynb"' in html and f'href="../_sources/notebooks/{page.stem}.ipynb"' in html
            assert (built_site / "_sources" / "notebooks" / f"{page.stem}.ipynb").exists()


def reader_pages(html: Path) -> dict[str, str]:
    return {p.relative_to(html).as_posix(): p.read_text(encoding="utf-8") for p in html.rglob("*.html")
            if not {"_static", "_sources", "_images"}.intersection(p.relative_to(html).parts)}


def test_pages_load_nothing_from_the_internet(built_site):
    """Every script, style, image and font a page loads is a file of the site itself."""
    for name, page in reader_pages(built_site).items():
        external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', page)
        assert not [u for u in external if not u.startswith("http://127.0.0.1")], (name, external)
    assert (built_site / "_static" / "mathjax" / "startup.js").exists()
    assert (built_site / "favicon.ico").exists()


def test_search_index_loads_only_on_the_search_page(built_site):
    pages = reader_pages(built_site)
    assert "searchindex.js" in pages["search.html"] and "searchindex.js" in pages["zh/search.html"]
    assert not [name for name, page in pages.items()
                if name.rsplit("/", 1)[-1] != "search.html" and "searchindex.js" in page]


def test_mathjax_only_on_pages_with_math(built_site):
    pages = reader_pages(built_site)
    assert "mathjax/startup.js" in pages["notebooks/net-liquidity.html"]  # N_eff formula
    assert "mathjax/startup.js" not in pages["notebooks/qe-vs-qt.html"]  # no math on it
    assert "fontawesome.js" not in pages["notebooks/qe-vs-qt.html"] and "THEBE_JS_URL" not in pages["book/intro.html"]


def test_sources_are_full_links_without_row_numbers(built_site):
    page = (built_site / "notebooks" / "qe-vs-qt.html").read_text(encoding="utf-8")
    sources = page[page.index('id="sources"'):]
    table = sources[:sources.index("</table>")]
    links = re.findall(r'<a href="(https?://[^"]+)"[^>]*>([^<]+)</a>', table)
    assert len(links) >= 5 and all(target == text for target, text in links)
    assert "..." not in table and "\u2026" not in table
    assert "<th>0</th>" not in table  # pandas' row numbers are gone


def test_charts_are_numbered_figures_with_text_captions(built_site):
    page = (built_site / "notebooks" / "qe-vs-qt.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="fedbook-figure.*?</figure>', page, flags=re.S)
    assert len(figures) == page.count("<img") >= 4  # every image on a chapter page is a chart
    for number, figure in enumerate(figures, start=1):
        assert f"Figure {number} " in figure
        assert re.search(r'class="fedbook-source">Source: .*data as of <span class="fb-date">\d{4}-\d{2}-\d{2}<', figure)
        assert 'alt="Chart: ' in figure and re.search(r'<a class="reference internal image-reference" href="[^"]+\.png"',
                                                      figure)
