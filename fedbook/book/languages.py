"""Sphinx extension for the two-language site: English at the root, Chinese under ``zh/``.

Listed in ``_config.yml``, so it runs in both builds; most of it acts only when Sphinx's
``language`` is the translation's (``fedbook.book.site`` sets it for the second build).

- **Language switch**: every page gets a link to the same page in the other edition (and
  ``<link rel="alternate" hreflang>`` tags), in both editions.
- **One execution**: the Chinese build reads each notebook as the English build just
  executed it (``fedbook_executed_dir``), so both editions show the numbers, tables and
  charts of the same run; without that setting it reads the stored outputs, which a test
  keeps identical to a fresh run.
- **Refuses a bad catalogue**: before reading any page the Chinese build checks every
  ``.po`` file (``fedbook.book.translation.problems``: untranslated, stale, or markup,
  numbers or units broken) and stops at the first problem, naming the file, line and
  message; Sphinx's own i18n warnings (a changed reference) are errors too, since the site
  builds with ``-W``.
- **What Sphinx's translation misses**: tables (HTML from pandas), glued words and the
  table of contents' part captions are translated here; display math is kept as written.
- **Charts**: the source line's fixed part is translated from its parts (caption, note and
  alt text are messages of the page), and a note says that the text inside the charts stays
  English.
- **Site strings** (this switch, the download box) come from ``locales/<lang>/LC_MESSAGES/
  fedbook.po`` through :func:`gettext`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.transforms import SphinxTransform

from . import translation, website

ENGLISH = "en"
SWITCH_CLASS = "fb-language-switch"
NAMES = {ENGLISH: "English", translation.LANGUAGE: "中文"}
HREFLANG = {ENGLISH: "en", translation.LANGUAGE: "zh-CN"}


def is_translated(language: str | None) -> bool:
    return (language or ENGLISH) != ENGLISH


@functools.lru_cache(maxsize=64)
def catalogue(path: Path) -> dict[str, str]:
    """{English: translation} of one .po file (empty when there is none)."""
    import polib

    if not path.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr and "fuzzy" not in e.flags}


def catalogue_path(language: str, domain: str, locales: Path = translation.LOCALES) -> Path:
    return locales / language / "LC_MESSAGES" / f"{domain}.po"


def gettext(language: str | None, message: str) -> str:
    """The site string `message` in `language` (English, or the message itself, if none)."""
    if not is_translated(language):
        return message
    return catalogue(catalogue_path(language, translation.SITE_DOMAIN)).get(message, message)


def _locales(app) -> Path:
    return Path(app.srcdir) / app.config.locale_dirs[0]


# ---- language switch -------------------------------------------------------------------

def counterpart(pagename: str, language: str) -> tuple[str, str]:
    """(relative URL of the same page in the other edition, that edition's language)."""
    depth = pagename.count("/")
    if language == ENGLISH:
        return "../" * depth + f"{translation.SITE_PATH}/{pagename}.html", translation.LANGUAGE
    return "../" * (depth + 1) + f"{pagename}.html", ENGLISH


def switch_html(pagename: str, language: str) -> str:
    url, other = counterpart(pagename, language)
    label = gettext(language, "Read this page in")
    return (f'<p class="{SWITCH_CLASS}"><span>{label}</span> '
            f'<a href="{url}" hreflang="{HREFLANG[other]}" lang="{HREFLANG[other]}">{NAMES[other]}</a></p>\n')


def _add_switch(app, pagename, templatename, context, doctree) -> None:
    if "body" not in context:
        return
    language = app.config.language or ENGLISH
    url, other = counterpart(pagename, language)
    context["body"] = switch_html(pagename, language) + context["body"]
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{HREFLANG[other]}" href="{url}" />')


GENERATED_PAGES = ("search", "genindex")  # rendered from their own templates, without a "body"


def _add_switch_to_generated_pages(app, exception) -> None:
    """The search and index pages: the switch goes before their heading."""
    if exception is not None or app.builder.format != "html":
        return
    language = app.config.language or ENGLISH
    for name in GENERATED_PAGES:
        page = Path(app.outdir) / f"{name}.html"
        text = page.read_text(encoding="utf-8") if page.exists() else ""
        if "<h1" in text and SWITCH_CLASS not in text:
            head, tail = text.split("<h1", 1)
            page.write_text(head + switch_html(name, language) + "<h1" + tail, encoding="utf-8")


# ---- one execution ---------------------------------------------------------------------

def _read_executed_notebook(app, docname, source) -> None:
    executed_dir = app.config.fedbook_executed_dir
    if not executed_dir or not app.env.doc2path(docname).endswith(".ipynb"):
        return
    executed = Path(executed_dir) / f"{docname}.ipynb"
    if not executed.exists():
        raise ConfigError(f"{executed}: the English build's executed notebook is missing "
                          "(build the English edition first, or leave fedbook_executed_dir empty)")
    glued = executed.with_suffix(".glue.json")
    source[0] = with_glue(executed.read_text(encoding="utf-8"),
                          glued.read_text(encoding="utf-8") if glued.exists() else "{}")


GLUE_CELL_ID = "fedbook-glued-values"


def with_glue(notebook_json: str, glue_json: str) -> str:
    """The executed notebook myst-nb wrote, with the values it glued put back.

    myst-nb removes glued outputs from the notebook it writes and keeps them in a
    .glue.json beside it; one hidden cell (tag remove-cell) holding them again lets this
    build read the very values the English page showed."""
    import json

    notebook, glue = json.loads(notebook_json), json.loads(glue_json)
    outputs = []
    for output in glue.values():
        prefix = output.get("metadata", {}).get("scrapbook", {}).get("mime_prefix", "")
        outputs.append({**output, "data": {prefix + mime: value for mime, value in output["data"].items()}})
    if outputs:
        notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": GLUE_CELL_ID,
                                  "metadata": {"tags": ["remove-cell"]}, "outputs": outputs, "source": ""})
    return json.dumps(notebook)


# ---- catalogues ------------------------------------------------------------------------

NUMFIG_FORMAT = {translation.LANGUAGE: {"figure": "图 %s", "table": "表 %s", "code-block": "代码 %s",
                                        "section": "第 %s 节"}}


def _configure_translation(app, config) -> None:
    """A translated build: check the catalogues, then translate the configuration's own text."""
    language = config.language
    if not is_translated(language):
        return
    found = [] if config.fedbook_translation_preview else translation.check_all(language, _locales(app))
    if found:
        more = f" (and {len(found) - 1} more: python -m fedbook.book.translation check)" if len(found) > 1 else ""
        raise ConfigError(f"translation problem: {found[0]}{more}")
    _ = functools.partial(gettext, language)
    config.html_title = _(config.html_title)
    config.numfig_format = {**config.numfig_format, **NUMFIG_FORMAT.get(language, {})}
    options = dict(config.html_theme_options)
    footer = re.fullmatch(r"\s*<p>(.*)</p>\s*", options.get("extra_footer", ""), re.S)
    if footer:
        options["extra_footer"] = f"<p>{_(' '.join(footer.group(1).split()))}</p>"
    options["search_bar_text"] = _("Search this book...")
    config.html_theme_options = options
    config.html_search_options = {**config.html_search_options, "dict": str(_search_words(Path(app.doctreedir)))}
    _fast_chinese_search()


class _TermSet(set):
    """Sphinx's Chinese search keeps every Latin word it met in a list and tests membership
    for each word it stems: quadratic, about 4 s of this build. The same test on a set."""

    extend = set.update


def _fast_chinese_search() -> None:
    from sphinx.search import zh

    if not isinstance(zh.SearchChinese.latin_terms, _TermSet):
        zh.SearchChinese.latin_terms = _TermSet(zh.SearchChinese.latin_terms)


def _search_words(build_dir: Path) -> Path:
    """A word list for the Chinese search (jieba): the glossary's Chinese names, so that 逆回购
    or 净流动性 are indexed as words rather than split into characters."""
    names = sorted(name for name in translation.glossary_names() if translation.CJK.search(name))
    path = build_dir.parent / "search-words-zh.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{name.replace(' ', '')} 1000\n" for name in names), encoding="utf-8")
    return path


# ---- charts ----------------------------------------------------------------------------

def translate_source_line(text: str, language: str) -> str:
    """'Source: <publishers> (<ids>). <Origin>, data as of <dates>.' in `language`, part by part."""
    match = website.SOURCE_LINE.match(text)
    if match is None or match["note"] or language == ENGLISH:
        return text
    _ = functools.partial(gettext, language)
    publishers = _("; ").join(_(p) for p in match["publishers"].split("; "))
    origin = " + ".join(_(o) for o in match["origin"].split(" + "))
    as_of = match["as_of"].replace("; ", _("; ")).replace(" (", _(" (")).replace(")", _(")"))
    return _("Source: {publishers} ({ids}). {origin}, data as of {as_of}.").format(
        publishers=publishers, ids=match["ids"], origin=origin, as_of=as_of)


def _translate_figures(app, doctree) -> None:
    language = app.config.language or ENGLISH
    if language == ENGLISH:
        return
    figures = list(doctree.findall(lambda n: isinstance(n, nodes.figure) and "fedbook-figure" in n["classes"]))
    for figure in figures:
        for paragraph in figure.findall(lambda n: isinstance(n, nodes.paragraph) and "fedbook-source" in n["classes"]):
            paragraph.replace(paragraph[0], nodes.Text(translate_source_line(paragraph.astext(), language)))
    if figures:
        note = nodes.note("", nodes.paragraph("", gettext(language, "The text inside the charts (titles, axes, "
                                                                     "legends) is in English; each chart's caption "
                                                                     "and source line below it are translated.")),
                          classes=["fb-chart-language"])
        top = next(iter(doctree.findall(nodes.section)), doctree)
        index = next((i for i, child in enumerate(top.children) if isinstance(child, nodes.title)), -1)
        top.insert(index + 1, note)


# ---- tables ----------------------------------------------------------------------------

def _translate_tables(app, doctree) -> None:
    language = app.config.language or ENGLISH
    if language == ENGLISH:
        return
    messages = catalogue(catalogue_path(language, app.env.docname, _locales(app)))
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "") and translation.TABLE_MARK in raw.astext():
            translated = translation.translate_table(raw.astext(), lambda m: messages.get(m, m))
            raw.replace(raw[0], nodes.Text(translated))


def _translate_glued_words(app, doctree, docname) -> None:
    """A glued value that is words ("the TGA path") is shown in the page's language; numbers
    and dates are shown as computed."""
    language = app.config.language or ENGLISH
    if language == ENGLISH:
        return
    messages = catalogue(catalogue_path(language, docname, _locales(app)))
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.inline) and "pasted-text" in n["classes"])):
        text = node.astext()
        if text in messages:
            node.children = []
            node += nodes.Text(messages[text])


# ---- what Sphinx's translation misses, or mangles ----------------------------------------

def _translate_toctree_captions(app, doctree) -> None:
    """Part captions of the table of contents ("The balance sheet"): sphinx-external-toc
    inserts the toctrees after Sphinx has translated the page, so they are translated here,
    from the root page's catalogue (where `make translations` extracts them)."""
    language = app.config.language or ENGLISH
    if language == ENGLISH:
        return
    messages = catalogue(catalogue_path(language, app.env.docname, _locales(app)))
    for toctree in doctree.findall(addnodes.toctree):
        caption = toctree.get("caption")
        if caption and caption in messages:
            toctree["caption"] = toctree["rawcaption"] = messages[caption]


class KeepMathUntranslated(SphinxTransform):
    """Display math is not a message: Sphinx would re-parse a translated formula as an
    reStructuredText literal block, which MyST turns into a stray '::'. Formulas stay as
    written (words inside them, in \\text{}, stay English)."""

    default_priority = 5  # before Sphinx collects or applies translations (Locale is 20)

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False


def setup(app):
    app.add_config_value("fedbook_executed_dir", "", "env")
    # Translators' preview only (python -m fedbook.book.site --only zh --preview): untranslated
    # messages show in English instead of stopping the build. make book never sets it.
    app.add_config_value("fedbook_translation_preview", False, "env")
    app.connect("config-inited", _configure_translation)
    app.connect("source-read", _read_executed_notebook)
    app.connect("doctree-read", _translate_figures)
    app.connect("doctree-read", _translate_tables)
    app.connect("doctree-read", _translate_toctree_captions, priority=100)  # before the toctree collector
    app.connect("doctree-resolved", _translate_glued_words, priority=400)  # before dates are marked
    app.add_transform(KeepMathUntranslated)
    app.connect("html-page-context", _add_switch)
    app.connect("build-finished", _add_switch_to_generated_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
