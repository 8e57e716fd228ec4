"""The website's Sphinx extension: offline MathJax, figures from chart metadata, pruned assets."""

from pathlib import Path

from docutils import nodes

from fedbook.book import website


def test_mathjax_comes_from_the_pinned_package_and_loads_only_what_the_book_uses(tmp_path):
    source = website.mathjax_source()
    assert (source / "startup.js").exists() and "3.2.2" in (source / "startup.js").read_text(errors="ignore")
    website.copy_mathjax(tmp_path)
    for name in ("startup.js", "core.js", "input/tex.js", "output/chtml.js", "a11y/assistive-mml.js",
                 "output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff"):
        assert (tmp_path / name).exists(), name
    assert not (tmp_path / "ui" / "menu.js").exists()  # 430 kB nobody downloads
    config = website.mathjax_config({"options": {"processHtmlClass": "math"}})
    assert config["loader"]["load"] == website.MATHJAX_COMPONENTS and config["options"]["processHtmlClass"] == "math"


def test_icon_script_is_removed_from_the_theme_macros_and_nothing_else():
    macros = 'a\n  <script defer src="{{ pathto(\'_static/scripts/fontawesome.js\', 1) }}"></script>\nb\n'
    assert website.without_icon_script(macros) == "a\nb\n"


def test_icon_script_removal_fails_loudly_when_the_theme_changes():
    import pytest

    with pytest.raises(RuntimeError, match="webpack-macros"):
        website.without_icon_script("no script here\n")


def test_figure_node_numbers_the_chart_and_keeps_the_source_as_text():
    image = nodes.image(uri="chart.png", alt="Chart: Total assets")
    figure = website.figure_node(image, "Total assets.", "Source: H.4.1 (WALCL). Data as of 2026-08-19.", "fig-assets")
    assert isinstance(figure, nodes.figure) and figure[0] is image
    assert figure[1].astext() == "Total assets." and isinstance(figure[1], nodes.caption)
    assert "Data as of 2026-08-19" in figure[2].astext()
    assert figure["names"] == ["fig-assets"]


def test_the_extension_is_registered_with_myst_nb_and_the_site():
    from importlib.metadata import entry_points

    renderer = [ep for ep in entry_points(group="myst_nb.renderers") if ep.name == "fedbook"]
    assert renderer and renderer[0].load() is website.FigureRenderer
    config = (Path(__file__).resolve().parents[1] / "_config.yml").read_text()
    assert "fedbook.book.website" in config and "nb_render_plugin: fedbook" in config


def test_dates_in_running_text_are_marked_whole():
    pieces = website.split_dates("QT ran from 2022-06-01 to 2025-12-01.")
    assert [p.astext() for p in pieces] == ["QT ran from ", "2022-06-01", " to ", "2025-12-01", "."]
    assert [p.get("classes") for p in pieces if isinstance(p, nodes.inline)] == [["fb-date"], ["fb-date"]]


def test_search_scripts_are_dropped_from_a_page_but_nothing_else():
    from fedbook.book import website

    page = ('<head>\n    <script src="../_static/searchtools.js"></script>\n'
            '    <script src="../_static/language_data.js"></script>\n'
            '    <script src="../searchindex.js"></script>\n'
            '    <script src="../_static/sphinx_highlight.js?v=dc90522c"></script>\n</head>')
    assert website.without_search_scripts(page) == ('<head>\n'
                                                    '    <script src="../_static/sphinx_highlight.js?v=dc90522c"></script>\n'
                                                    '</head>')
