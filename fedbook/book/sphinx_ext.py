"""Sphinx extension for the website (listed in ``_config.yml``).

1. ``{eval}`` in prose is rendered from the value glued during the build, exactly as
   ``{glue:text}`` would render it (see ``fedbook.book.inline``): myst-nb's own ``eval``
   role needs its "inline" execution mode, which would change how every chapter runs.
2. Every chapter page and the welcome page get a "Running this chapter elsewhere" box
   linking the chapter notebook, its student copy and the helper-package wheel.
3. After an HTML build, the wheel (with the verified data snapshot) and the student
   copies are written into the site, so the links work wherever the site is served.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.roles import PasteTextRole

from . import inline, languages, wheel

CHAPTER_PREFIX = "notebooks/"
BOX_CLASS = "run-elsewhere"


class EvalFromGlueRole(PasteTextRole):
    """``{eval}`key` `` / ``{eval}`f"{key:fmt}"` `` rendered as ``{glue:text}`key:fmt` ``."""

    def run(self):
        try:
            key, fmt = inline.parse_expression(self.text)
        except ValueError as exc:
            message = self.document.reporter.warning(str(exc), line=self.line)
            return [], [message]
        if "nb_renderer" not in self.document:
            # A translated message is parsed on its own, away from the notebook's glue data
            # (fedbook.book.languages): refer to this page's glue by path instead, which
            # myst-nb resolves after reading, from the same execution as the English page.
            env = self.document.settings.env
            key, fmt = f"/{env.doc2path(env.docname, base=False)}::{key}", fmt or "s"  # "s": the role's default
        self.text = f"{key}:{fmt}" if fmt else key
        return super().run()


def wheel_name(app=None) -> str:
    return f"fedbook-{wheel_version()}-py3-none-any.whl"


def wheel_version() -> str:
    import tomllib

    return tomllib.loads((wheel.REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _link(text: str, uri: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=uri)


def _paragraph(*parts) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for part in parts:
        paragraph += part if isinstance(part, nodes.Node) else nodes.Text(part)
    return paragraph


def _literal_block(text: str) -> nodes.literal_block:
    block = nodes.literal_block(text, text)
    block["language"] = "bash"
    return block


def run_elsewhere_box(docname: str, wheel_file: str, language: str | None = None) -> nodes.admonition:
    """The box: how to run this page's notebook outside the repository. In a translated
    edition (which lives one folder down, under zh/) the wheel and student copies are the
    English site's: the same files, published once."""
    _ = functools.partial(languages.gettext, language)
    up = "../" * docname.count("/")
    root = up + ("../" if languages.is_translated(language) else "")
    slug = docname[len(CHAPTER_PREFIX):] if docname.startswith(CHAPTER_PREFIX) else None
    box = nodes.admonition(classes=["note", BOX_CLASS])
    box += nodes.title("", _("Running this chapter elsewhere") if slug else _("Running the chapters elsewhere"))
    if slug:
        box += _paragraph(_("Download "), _link(_("this chapter"), f"{up}_sources/{docname}.ipynb"),
                          _(" (or its "), _link(_("student copy"), f"{root}student/{slug}.ipynb"),
                          _(", without solutions) and the helper package with its verified data snapshot, "),
                          _link(wheel_file, f"{root}{wheel_file}"), _(". Then, in the folder holding both:"))
    else:
        box += _paragraph(_("Each chapter page links its notebook and a student copy. To run them outside "
                            "this book's repository, download the helper package with its verified data "
                            "snapshot, "), _link(wheel_file, f"{root}{wheel_file}"), _(", then:"))
    box += _literal_block(f"python3 -m venv fedbook-env\n"
                          f"fedbook-env/bin/pip install {wheel_file} jupyterlab\n"
                          f"fedbook-env/bin/jupyter lab {slug + '.ipynb' if slug else ''}".rstrip())
    box += _paragraph(_("Run all cells: the numbers and charts are computed from the same snapshot as this "
                        "website."))
    return box


def add_run_elsewhere_box(app, doctree) -> None:
    docname = app.env.docname
    if not (docname.startswith(CHAPTER_PREFIX) or docname == app.config.root_doc):
        return
    box = run_elsewhere_box(docname, wheel_name(app), app.config.language)
    # At the end of the page's top section: after the chapter, before nothing else.
    top = next(iter(doctree.findall(nodes.section)), doctree)
    top += box


def publish_downloads(app, exception) -> None:
    """Write the wheel and the student copies into the built site."""
    if exception is not None or app.builder.format != "html" or languages.is_translated(app.config.language):
        return  # a translated edition links the English site's copies
    outdir = Path(app.outdir)
    built = wheel.build(outdir)
    assert built.name == wheel_name(app), f"wheel {built.name} differs from the linked {wheel_name(app)}"
    students = outdir / "student"
    students.mkdir(exist_ok=True)
    for copy in sorted((wheel.REPO / "student").glob("*.ipynb")):
        shutil.copy2(copy, students / copy.name)


def setup(app):
    # Registered after myst_nb (extensions load in order), so this role wins.
    app.add_role("eval", EvalFromGlueRole(), override=True)
    app.connect("doctree-read", add_run_elsewhere_box)
    app.connect("build-finished", publish_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
