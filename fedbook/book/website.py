"""The website's own Sphinx extension: offline math, numbered chart figures, a lean page.

Why in the package rather than a ``book/_ext/`` folder: Sphinx imports it by name from
the installed (editable) ``fedbook``, so ``_config.yml`` needs no ``sys.path`` trick;
myst-nb finds the figure renderer through the package's entry point
(``[project.entry-points."myst_nb.renderers"]`` in ``pyproject.toml``); and unit tests
import it like any other module. It is presentation only and computes no result.

What it does, page by page:

- **Math offline**: MathJax 3 comes from the pinned ``sphinx-mathjax-offline`` package
  (installed by ``make setup``); only the components the book uses are copied into
  ``_static/mathjax`` and loaded, and only on pages whose doctree contains math.
- **Figures**: a chart output that ``fedbook.book.charts`` marked with a caption becomes
  a numbered ``figure`` ("Figure N <what it shows>") whose caption also carries the
  source and as-of line as searchable text; the image links to its full-size file.
- **Dates stay whole**: every date in running text is marked so it never breaks at a
  hyphen on a phone.
- **Clean console**: the sphinx-thebe scripts (thebe is off, yet its inline config is
  added twice, which throws) and the 1.5 MB Font Awesome script (the theme's stylesheet
  already draws the same icons from a web font) are dropped from every page, and
  ``favicon.ico`` is served from the site root (browsers ask for it on the redirect page).
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
from pathlib import Path

from docutils import nodes
from myst_nb.core.render import NbElementRenderer

FIGURE_METADATA_KEY = "fedbook_figure"  # set by charts on each chart's image output
MATHJAX_DIST = "sphinx-mathjax-offline"
MATHJAX_DIR = "mathjax"  # under _static/
# Components loaded by MathJax's loader: TeX input (with AMS, newcommand, autoload),
# HTML output, and hidden MathML for screen readers. The 430 kB context menu is left out.
MATHJAX_COMPONENTS = ["input/tex", "output/chtml", "a11y/assistive-mml"]
MATHJAX_FILES = ["core.js", "startup.js", "input/tex.js", "input/tex/extensions",
                 "output/chtml.js", "output/chtml/fonts", "a11y/assistive-mml.js"]
DROPPED_SCRIPTS = ("sphinx-thebe.js", "scripts/fontawesome.js", "THEBE_JS_URL")
DROPPED_STYLES = ("sphinx-thebe.css",)
# sphinx-design's assets (60 kB) are kept only on pages that use its components (class "sd-...").
DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")
USES_DESIGN = re.compile(r'class="[^"]*\bsd-')


def mathjax_source() -> Path:
    """The MathJax 3 files shipped by the pinned sphinx-mathjax-offline distribution."""
    try:
        dist = importlib.metadata.distribution(MATHJAX_DIST)
    except importlib.metadata.PackageNotFoundError:
        raise RuntimeError(f"{MATHJAX_DIST} is not installed: run `make setup` (it is pinned in "
                           "requirements.txt) so the site can render math offline") from None
    return Path(dist.locate_file("sphinx-mathjax-offline/static/mathjax"))


def mathjax_config(existing: dict | None) -> dict:
    """The site's MathJax configuration: the existing one plus the loader's component list."""
    config = dict(existing or {})
    config["loader"] = {**config.get("loader", {}), "load": MATHJAX_COMPONENTS}
    return config


def copy_mathjax(target: Path) -> None:
    source = mathjax_source()
    for name in MATHJAX_FILES:
        origin, copy = source / name, target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, copy, dirs_exist_ok=True)
        else:
            shutil.copy2(origin, copy)


def _configure(app, config) -> None:
    mathjax_source()  # fail early, with the fix, when the package is missing
    config.mathjax_path = f"{MATHJAX_DIR}/startup.js"  # the loader plus startup; it fetches core
    config.mathjax3_config = mathjax_config(config.mathjax3_config)
    config.html_context = {"default_mode": "auto", **config.html_context}  # the theme logs an error on ""
    config.templates_path = [*config.templates_path, str(_template_without_icon_script(Path(app.doctreedir)))]


def without_icon_script(macros: str) -> str:
    """The theme's asset macros less the line that loads the Font Awesome script."""
    kept = [line for line in macros.splitlines(keepends=True) if "scripts/fontawesome.js" not in line]
    if len(kept) != len(macros.splitlines()) - 1:
        raise RuntimeError("pydata-sphinx-theme's webpack-macros.html changed: update fedbook.book.website")
    return "".join(kept)


def _template_without_icon_script(build_dir: Path) -> Path:
    """A templates folder overriding the theme's static/webpack-macros.html (same name wins)."""
    import pydata_sphinx_theme

    theme_macros = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / \
        "webpack-macros.html"
    folder = build_dir.parent / "fedbook_templates"
    (folder / "static").mkdir(parents=True, exist_ok=True)
    (folder / "static" / "webpack-macros.html").write_text(without_icon_script(theme_macros.read_text("utf-8")),
                                                           encoding="utf-8")
    return folder


def _unique_exercise_sections(app, doctree, docname) -> None:
    """sphinx-exercise gives every exercise and solution body the same id
    ('exercise-content', 'solution-content'); number them so each id is unique."""
    counts: dict[str, int] = {}
    for section in doctree.findall(nodes.section):
        for i, old in enumerate(section["ids"]):
            if old in ("exercise-content", "solution-content"):
                counts[old] = counts.get(old, 0) + 1
                section["ids"][i] = f"{old}-{counts[old]}"


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NO_DATE_MARKUP = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.reference, nodes.title)


def _keep_dates_whole(app, doctree, docname) -> None:
    """Wrap every YYYY-MM-DD in running text (prose, glued values, captions) in an inline
    with class fb-date, which the stylesheet keeps on one line (browsers otherwise break
    after a hyphen on narrow screens). Code, math, raw HTML, links and titles are left alone."""
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not DATE.search(text) or _inside(parent, NO_DATE_MARKUP):
            continue
        parent.replace(text, split_dates(str(text)))


def split_dates(text: str) -> list[nodes.Node]:
    pieces, last = [], 0
    for match in DATE.finditer(text):
        if match.start() > last:
            pieces.append(nodes.Text(text[last:match.start()]))
        pieces.append(nodes.inline(match.group(), match.group(), classes=["fb-date"]))
        last = match.end()
    if last < len(text):
        pieces.append(nodes.Text(text[last:]))
    return pieces


def _inside(node, kinds) -> bool:
    while node is not None:
        if isinstance(node, kinds):
            return True
        node = node.parent
    return False


def _record_math(app, doctree, docname) -> None:
    pages = app.fedbook_math_pages
    has_math = any(True for _ in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))))
    (pages.add if has_math else pages.discard)(docname)


def _is_mathjax(script, app) -> bool:
    return app.config.mathjax_path in str(script) or "window.MathJax" in getattr(script, "attributes", {}).get(
        "body", "")


def _prune_page_assets(app, pagename, templatename, context, doctree) -> None:
    unused_design = () if USES_DESIGN.search(context.get("body", "")) else DESIGN_ASSETS
    scripts = context.get("script_files")
    if scripts is not None:
        no_math = pagename not in app.fedbook_math_pages
        scripts[:] = [s for s in scripts
                      if not any(d in str(s) or d in getattr(s, "attributes", {}).get("body", "")
                                 for d in DROPPED_SCRIPTS + unused_design)
                      and not (no_math and _is_mathjax(s, app))]
    styles = context.get("css_files")
    if styles is not None:
        styles[:] = [s for s in styles if not any(d in str(s) for d in DROPPED_STYLES + unused_design)]


# pydata-sphinx-theme loads Sphinx's search tools and the whole search index (about 140 kB)
# on every page for its search-as-you-type, which is off (the theme's default): the search box
# submits to search.html, which loads them itself. Elsewhere they are dead weight.
SEARCH_SCRIPTS = re.compile(r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
                            r'searchindex\.js)"></script>\n?')


def without_search_scripts(page: str) -> str:
    return SEARCH_SCRIPTS.sub("", page)


def _drop_search_scripts(outdir: Path) -> None:
    for page in outdir.rglob("*.html"):
        if page.name == "search.html":  # each edition's own search page (zh/search.html too)
            continue
        text = page.read_text(encoding="utf-8")
        pruned = without_search_scripts(text)
        if pruned != text:
            page.write_text(pruned, encoding="utf-8")


def _copy_assets(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        outdir = Path(app.outdir)
        copy_mathjax(outdir / "_static" / MATHJAX_DIR)
        if (outdir / "_static" / "favicon.ico").exists():
            shutil.copy2(outdir / "_static" / "favicon.ico", outdir / "favicon.ico")
        if not app.config.html_theme_options.get("search_as_you_type"):
            _drop_search_scripts(outdir)


def figure_node(image: nodes.image, caption: str, source: str, label: str | None = None,
                origin: tuple[str, int] | None = None) -> nodes.figure:
    """A numbered figure: the image, then 'Figure N. <caption>' and the source line as text.

    The source line's fixed part ("Source: <publishers> (<ids>). <origin>, data as of
    <date>.") is one paragraph, the chart's own note another. With `origin` (the page's
    source file and a line), the caption and the note are translatable messages, like the
    prose (the Chinese edition translates them); the fixed part is translated by
    ``fedbook.book.languages`` from its parts, so a new data date does not make every
    chart's message stale."""
    figure = nodes.figure("", image, classes=["fedbook-figure"])
    caption_node = nodes.caption(caption, caption)
    fixed, note = split_source(source)
    # not a message (myst-nb gives every node of an output its source, which would make it one)
    legend = nodes.legend("", nodes.paragraph("", fixed, classes=["fedbook-source"], translatable=False))
    note_node = nodes.paragraph(note, note, classes=["fedbook-note"]) if note else None
    if note_node is not None:
        legend += note_node
    if origin is not None:
        for node in (caption_node, note_node):
            if node is not None:
                node.source, node.line = origin
    figure += caption_node
    figure += legend
    if label:
        figure["names"].append(nodes.fully_normalize_name(label))
    return figure


# The line charts.source_note writes: "Source: <publishers> (<ids>). <Origin>, data as of <dates>."
# and the chart's own note, if any (tests/test_charts.py checks the two stay in step).
_AS_OF = r"\d{4}-\d{2}-\d{2}(?: \([^()]*\))?"  # a date, with the series ending on it when they differ
SOURCE_LINE = re.compile(rf"^Source: (?P<publishers>.*?) \((?P<ids>[^()]*)\)\. (?P<origin>[^.]*?), "
                         rf"data as of (?P<as_of>{_AS_OF}(?:; {_AS_OF})*)\.(?: (?P<note>.+))?$", re.S)


def split_source(source: str) -> tuple[str, str]:
    """('Source: ... data as of <date>.', the chart's own note or '')."""
    match = SOURCE_LINE.match(source)
    return (source[:match.end("as_of") + 1], match["note"] or "") if match else (source, "")


def unique_id(document, wanted: str) -> str:
    candidate, n = wanted, 1
    while candidate in document.ids:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


class FigureRenderer(NbElementRenderer):
    """myst-nb's renderer, plus: chart images that carry a caption become numbered figures."""

    def render_image(self, data):
        rendered = super().render_image(data)
        meta = data.output_metadata.get(data.mime_type, {}).get(FIGURE_METADATA_KEY)
        if not meta or len(rendered) != 1:
            return rendered
        document = self.renderer.document
        figure = figure_node(rendered[0], meta["caption"], meta["source"], meta.get("label"),
                             origin=(document["source"], data.line or 1))
        if meta.get("smallest_text_pt"):  # read by the phone-legibility browser test
            figure["classes"].append(f"fedbook-smallest-text-{round(10 * meta['smallest_text_pt'])}")
        if figure["names"]:
            document.note_explicit_target(figure, figure)
        else:  # an id is what Sphinx numbers; one made from the caption keeps links stable
            figure_id = unique_id(document, "fig-" + nodes.make_id(meta["caption"])[:60].rstrip("-"))
            figure["ids"].append(figure_id)
            document.ids[figure_id] = figure
        return [figure]


def _read_each_numref_target_once() -> None:
    """Sphinx unpickles the whole target page for every {numref} (about 0.1 s for a chapter
    with its outputs, some 70 references a build, in each edition): unpickle each page once
    per build for that lookup. The lookup only reads the target node's number and title, so
    one shared copy is safe; pages being written still get their own fresh copy."""
    from sphinx.domains.std import StandardDomain

    resolve = StandardDomain._resolve_numref_xref
    if getattr(resolve, "fedbook_cached", False):
        return

    def resolve_with_cache(self, env, *args, **kwargs):
        cache = env.__dict__.setdefault("_fedbook_numref_doctrees", {})
        read = env.get_doctree
        env.get_doctree = lambda docname: cache.get(docname) or cache.setdefault(docname, read(docname))
        try:
            return resolve(self, env, *args, **kwargs)
        finally:
            del env.get_doctree  # the instance attribute; the class method shows again

    resolve_with_cache.fedbook_cached = True
    StandardDomain._resolve_numref_xref = resolve_with_cache


def _drop_numref_cache(app, exception) -> None:
    app.env.__dict__.pop("_fedbook_numref_doctrees", None)


def setup(app):
    _read_each_numref_target_once()
    app.connect("build-finished", _drop_numref_cache)
    app.fedbook_math_pages = set()  # filled while pages are written, read when each is rendered
    app.connect("config-inited", _configure)
    app.connect("doctree-resolved", _record_math)
    app.connect("doctree-resolved", _unique_exercise_sections)
    app.connect("doctree-resolved", _keep_dates_whole)
    app.connect("html-page-context", _prune_page_assets, priority=900)  # after sphinx.ext.mathjax
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
