"""Build the website: the English edition at the root, the Chinese edition under ``zh/``.

``make book`` runs ``python -m fedbook.book.site``. The English build executes every
notebook (as before); the Chinese build then reads the notebooks that run produced
(``fedbook_executed_dir``), so the notebooks are executed once for both editions and both
show the same numbers. Both builds treat warnings as errors. ``--path-output DIR`` builds
into ``DIR/_build/html`` (the tests' fresh builds); ``--only en`` skips the translation.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from . import translation

REPO = translation.REPO


def build_english(root: Path, build_dir: Path) -> int:
    """jupyter-book build, warnings as errors, into build_dir/html (executes the notebooks)."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run([str(jupyter_book), "build", str(root), "--path-output", str(build_dir.parent),
                           "-W", "-n", "--keep-going"]).returncode


def build_translation(root: Path, build_dir: Path, language: str = translation.LANGUAGE,
                      executed_dir: Path | None = None, preview: bool = False) -> int:
    """The translated edition into build_dir/html/<site path>, from stored or given outputs.

    Sphinx writes it to build_dir/<language>/html first: myst-nb keeps its files in the
    output folder's parent (jupyter_execute/), which must not land inside the English site."""
    import shutil

    from jupyter_book.sphinx import build_sphinx

    overrides = {"language": language, "nb_execution_mode": "off",
                 "fedbook_executed_dir": str(executed_dir or ""), "nitpicky": True,
                 "fedbook_translation_preview": preview,
                 "external_toc_path": str(root / "_toc.yml"), "latex_individualpages": False}
    staging = build_dir / language / "html"
    result = build_sphinx(root, staging, path_config=str(root / "_config.yml"), noconfig=True,
                          confoverrides=overrides, doctreedir=build_dir / language / ".doctrees",
                          warningiserror=True, keep_going=True, builder="html",
                          # always read afresh: the executed notebooks change while the sources do not
                          freshenv=True)
    if isinstance(result, Exception) or result:
        return 1
    site = build_dir / "html" / translation.SITE_PATH
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(staging, site)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, default=REPO, help="build into DIR/_build (default: the repository)")
    parser.add_argument("--only", choices=["en", "zh"], help="build one edition")
    parser.add_argument("--preview", action="store_true",
                        help="translators: show untranslated messages in English instead of failing")
    parser.add_argument("root", nargs="?", type=Path, default=REPO, help="the book's folder")
    args = parser.parse_args(argv)
    build_dir = args.path_output.resolve() / "_build"
    root = args.root.resolve()
    if args.only != "zh":
        if build_english(root, build_dir):
            return 1
    executed = build_dir / "jupyter_execute"
    if args.only != "en":
        if build_translation(root, build_dir, executed_dir=executed if args.only != "zh" else None,
                             preview=args.preview):
            return 1
        print(f"The Chinese edition is in {build_dir / 'html' / translation.SITE_PATH} "
              f"(the English one in {build_dir / 'html'}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
