"""The Chinese edition's message catalogues: extract, update, check.

One source, two languages. The English pages (notebooks and markdown) stay the only source;
Sphinx's gettext workflow turns their narrative into messages:

1. ``sphinx-build -b gettext`` (run by :func:`extract`) writes one ``.pot`` per page under
   ``_build/gettext``: every paragraph, heading, list item, table cell, exercise title,
   glossary definition, and each chart's caption and note (``fedbook.book.website`` marks
   them translatable). Code, outputs and math blocks are not messages.
2. ``sphinx-intl update`` (run by :func:`update`) merges them into
   ``locales/zh_CN/LC_MESSAGES/<page>.po``: translations are kept, a message whose English
   changed is marked *fuzzy* (stale), a new one is untranslated. The site's own strings (the
   language switch, the download box, chart source lines) are in ``fedbook.po``
   (:data:`SITE_MESSAGES`, updated the same way).
3. Translators fill ``msgstr``; :func:`problems` checks each one (below) and the Chinese
   build refuses a catalogue with any problem, naming the file and the message.

What a translation must keep from its English message (else the number, link or term would
silently change): every ``{eval}`` expression verbatim (the numbers come from the same
execution as the English page), every cross-reference target (``{numref}``, ``{ref}``,
``{doc}``, ``{term}``; the visible text of a reference may be translated), every inline code
span, inline math and URL, and every number written with digits. Units: the book computes
in billions of US dollars, written 十亿美元; a number followed by 亿 (10^8) would misstate it
tenfold, so after a number 亿 appears only as 十亿 or, where the English says trillion, 万亿
(words such as 数千亿, "hundreds of billions", are fine).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "locales"
LANGUAGE = "zh_CN"  # Sphinx's name for the language
SITE_PATH = "zh"  # where the edition lives under the English site
CATALOGUES = LOCALES / LANGUAGE / "LC_MESSAGES"
SITE_DOMAIN = "fedbook"  # fedbook.po: strings the site's extensions write

# Strings the site's own extensions write (fedbook.book.languages, fedbook.book.sphinx_ext),
# and the configuration's title and footer; site_messages() adds the data publishers' names.
SITE_MESSAGES = [
    "The Fed's Balance Sheet: QE, QT and Money Markets",
    'Teaching material, not investment advice. Data: embedded snapshot of public copies of FRED and '
    'market series; see "Data and methods".',
    "Read this page in",
    "Search this book...",
    "The text inside the charts (titles, axes, legends) is in English; each chart's caption and source "
    "line below it are translated.",
    "Source: {publishers} ({ids}). {origin}, data as of {as_of}.",
    "; ", " (", ")",
    "Embedded snapshot", "Fred api (live)", "snapshot", "FRED API (live)",
    "Running this chapter elsewhere",
    "Running the chapters elsewhere",
    "Download ", "this chapter", " (or its ", "student copy",
    ", without solutions) and the helper package with its verified data snapshot, ",
    ". Then, in the folder holding both:",
    "Each chapter page links its notebook and a student copy. To run them outside this book's "
    "repository, download the helper package with its verified data snapshot, ",
    ", then:",
    "Run all cells: the numbers and charts are computed from the same snapshot as this website.",
]

_ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
_CODE = re.compile(r"(?<![}`])`([^`\n]+)`")
# inline math as MyST's dollarmath reads it: no space inside either dollar, no digit after the
# closing one ("$45 billion and $35 billion" is two prices, not math)
_MATH = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]*?\S)\$(?![\d$])")
_URL = re.compile(r"https?://[^\s)>\]]+")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
CJK = re.compile(r"[\u4e00-\u9fff]")
# a number (digits or an {eval} value) followed by 亿, 百亿 or 千亿: a unit ten or more times off
_NUMBER_THEN_YI = re.compile(r"(?:\d|`)\s*[百千]?亿")
_NUMBER_THEN_WANYI = re.compile(r"(?:\d|`)\s*万亿")
_TRILLION = re.compile(r"trillion|\d(?:\.\d+)?T\b", re.I)  # "trillion", or "$8.965T"
REFERENCE_ROLES = ("numref", "ref", "doc", "term", "download", "eq", "prf:ref")


def role_target(role: str, content: str) -> str:
    """A reference's target: the part in <...> when the role has explicit text."""
    explicit = re.search(r"<([^<>]+)>\s*$", content)
    target = explicit.group(1) if explicit else content
    return target.strip().lower() if role == "term" else target.strip()


def kept_parts(text: str) -> Counter:
    """What a translation must keep verbatim: {eval} expressions, reference targets, code,
    inline math and URLs (as a multiset: each must appear as often as in the English)."""
    parts: Counter = Counter()
    for role, content in _ROLE.findall(text):
        if role == "eval":
            parts[f"{{eval}}`{content}`"] += 1
        elif role in REFERENCE_ROLES:
            parts[f"{{{role}}} target {role_target(role, content)!r}"] += 1
        else:
            parts[f"{{{role}}}`{content}`"] += 1
    without_roles = _ROLE.sub(" ", text)
    for code in _CODE.findall(without_roles):
        parts[f"code `{code}`"] += 1
    for math in _MATH.findall(_CODE.sub(" ", without_roles)):
        parts[f"math ${math}$"] += 1
    for url in _URL.findall(text) + _LINK_TARGET.findall(text):
        parts[f"link {url}"] += 1
    return parts


def problems(msgid: str, msgstr: str, *, may_stay_english: bool = False) -> list[str]:
    """Why this translation cannot be used (an empty list when it can)."""
    if not msgstr.strip():
        return ["untranslated"]
    found = []
    wanted, got = kept_parts(msgid), kept_parts(msgstr)
    missing, extra = wanted - got, got - wanted
    if missing:
        found.append("translation lost " + "; ".join(sorted(missing)))
    if extra:
        found.append("translation adds or changes " + "; ".join(sorted(extra)))
    if _placeholders(msgid) != _placeholders(msgstr):
        found.append(f"placeholders differ: the English has {sorted(_placeholders(msgid))}, "
                     f"the translation {sorted(_placeholders(msgstr))}")
    lost_numbers = Counter(_numbers(msgid)) - Counter(_numbers(msgstr))
    if lost_numbers:
        found.append("translation lost the number(s) " + ", ".join(sorted(lost_numbers)))
    if _emphasis(msgid) != _emphasis(msgstr):
        found.append("bold or italic not rendered (CommonMark does not close ** or * between Chinese "
                     "punctuation and a character: move the punctuation outside, or add a space)")
    if msgstr.count("`") % 2:
        found.append("unbalanced backquote (a role or code span is broken)")
    if _NUMBER_THEN_YI.search(msgstr):
        found.append("a number followed by 亿 (10^8): the book's unit is 十亿美元 (billions)")
    if _NUMBER_THEN_WANYI.search(msgstr) and not _TRILLION.search(msgid):
        found.append("a number followed by 万亿 where the English says no trillion")
    if not may_stay_english and not CJK.search(msgstr) and _needs_chinese(msgid):
        found.append("no Chinese in the translation (English copied?)")
    return found


def _emphasis(text: str) -> tuple[int, int]:
    """How many bold and italic spans the text renders to (as MyST's CommonMark parser sees it)."""
    if "*" not in text and "_" not in text:
        return (0, 0)
    tokens = [t for block in _markdown().parse(text) for t in (block.children or [])]
    return (sum(t.type == "strong_open" for t in tokens), sum(t.type == "em_open" for t in tokens))


@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _placeholders(text: str) -> Counter:
    """Format placeholders of a site string ("{publishers}"), which the code fills in."""
    return Counter(re.findall(r"\{(\w*)\}", _CODE.sub(" ", _ROLE.sub(" ", text))))


def _numbers(text: str) -> list[str]:
    """Numbers written with digits in running text (roles, code, math and links are checked
    as wholes): a translation keeps each one, as digits."""
    prose = _URL.sub(" ", _MATH.sub(" ", _CODE.sub(" ", _ROLE.sub(" ", text))))
    return re.findall(r"\d+(?:[.,]\d+)*", prose)


def _needs_chinese(msgid: str) -> bool:
    """Prose of three or more English words must be translated; a name ("QE", "H.4.1"),
    a bare reference or a code span may stay as it is."""
    prose = _URL.sub(" ", _MATH.sub(" ", _CODE.sub(" ", _ROLE.sub(" ", msgid))))
    prose = re.sub(r"\\[A-Za-z]+", " ", prose)  # LaTeX commands in a math block
    return len(re.findall(r"\b[A-Za-z]*[a-z][A-Za-z]*\b", prose)) >= 3  # words, not tickers (SOL, ADA, ...)


def has_words(msgid: str) -> bool:
    """False for a message with nothing to translate (a number in a table, a bare label):
    Sphinx shows it as it is, and a new count in the English does not make it stale."""
    return bool(re.search(r"[A-Za-z\u4e00-\u9fff]", _ROLE.sub(" ", msgid)))


def glossary_names() -> set[str]:
    """Glossary term lines: they stay as written (English and Chinese names side by side),
    since Sphinx files each term under the name its line shows."""
    from . import glossary

    return {name for entry in glossary.entries() for name in entry}


def check_catalogue(path: Path, keep_as_is: set[str] | None = None) -> list[str]:
    """Every problem in one .po file, each as '<file>:<line>: <problem>: <message start>'."""
    import polib

    keep_as_is = glossary_names() if keep_as_is is None else keep_as_is
    name = _shown(path)
    try:
        catalogue = polib.pofile(str(path))
    except (OSError, ValueError) as exc:  # polib raises OSError for a malformed file
        return [f"{name}: not a readable .po file: {exc}"]
    site_strings = path.stem == SITE_DOMAIN  # punctuation like " (" is translated there too
    found = []
    for entry in catalogue:
        if entry.obsolete or not (site_strings or has_words(entry.msgid)):
            continue
        start = entry.msgid[:70].replace("\n", " ")
        if "fuzzy" in entry.flags:
            found.append(f"{name}:{entry.linenum}: stale (fuzzy: the English changed): {start!r}")
            continue
        for problem in problems(entry.msgid, entry.msgstr, may_stay_english=entry.msgid in keep_as_is):
            found.append(f"{name}:{entry.linenum}: {problem}: {start!r}")
    return found


def catalogues(language: str = LANGUAGE, locales: Path = LOCALES) -> list[Path]:
    return sorted((locales / language / "LC_MESSAGES").rglob("*.po"))


def check_all(language: str = LANGUAGE, locales: Path = LOCALES) -> list[str]:
    """Every problem of every catalogue of `language`; none when there is no catalogue at all
    is reported as one problem (a translated edition without translations)."""
    paths = catalogues(language, locales)
    if not paths:
        return [f"{_shown(locales / language)}: no .po files (run python -m fedbook.book.translation update)"]
    keep_as_is = glossary_names()
    return [problem for path in paths for problem in check_catalogue(path, keep_as_is)]


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def extract(pot_dir: Path, root: Path = REPO) -> None:
    """Every message of the English pages into pot_dir/<page>.pot (the stored outputs are
    read, nothing is executed)."""
    from jupyter_book.sphinx import build_sphinx
    from myst_nb.core.render import base_render_priority

    # myst-nb knows no output priorities for the gettext builder and would drop every output,
    # the charts' captions and notes with them: give it the html builder's.
    html_priority = [("gettext", mime, rank) for mime, rank in base_render_priority()["html"].items()]
    result = build_sphinx(root, pot_dir, path_config=str(root / "_config.yml"), noconfig=True,
                          confoverrides={"nb_execution_mode": "off", "external_toc_path": str(root / "_toc.yml"),
                                         "latex_individualpages": False,
                                         "nb_mime_priority_overrides": html_priority},
                          doctreedir=pot_dir / ".doctrees", builder="gettext", warningiserror=True, freshenv=True,
                          really_quiet=True)
    if isinstance(result, Exception) or result:
        raise RuntimeError(f"extracting messages failed ({result})")
    for pot in pot_dir.rglob("*.pot"):
        page = root / pot.relative_to(pot_dir).with_suffix(".ipynb")
        if page.exists():
            _add_table_messages(pot, page)
    site_pot = pot_dir / f"{SITE_DOMAIN}.pot"
    site_pot.write_text(_pot_text(site_messages()), encoding="utf-8")


def update(language: str = LANGUAGE, pot_dir: Path = REPO / "_build" / "gettext") -> dict:
    """Extract, then merge into locales/<language>/LC_MESSAGES/*.po (new messages empty,
    changed ones fuzzy). Run it after every English edit: scripts/update_translations.py."""
    from sphinx_intl import basic

    extract(pot_dir)
    status = basic.update(str(LOCALES), str(pot_dir), (language,), line_width=100)
    for path in catalogues(language):
        if path.stem != SITE_DOMAIN:
            _clear_wordless(path)
    return status


def _clear_wordless(path: Path) -> None:
    """Messages with nothing to translate stay empty (shown as in English), never fuzzy."""
    import polib

    catalogue = polib.pofile(str(path), wrapwidth=100)
    changed = False
    for entry in catalogue:
        if not has_words(entry.msgid) and (entry.msgstr or "fuzzy" in entry.flags):
            entry.msgstr, entry.flags, changed = "", [f for f in entry.flags if f != "fuzzy"], True
    if changed:
        catalogue.save(str(path))


# ---- tables -------------------------------------------------------------------------------
# Tables reach the page as HTML (fedbook.book.tables), which Sphinx does not translate: each
# cell's text is a message of the page's catalogue (a cell holding a link, or no word of
# three lowercase letters, such as a ticker or a number, stays as it is), and
# fedbook.book.languages puts the translations back into the HTML.
_CELL = re.compile(r"(<t[hd][^>]*>)(.*?)(</t[hd]>)", re.S)
_DATE_SPAN = re.compile(r'<span class="fb-date">(\d{4}-\d{2}-\d{2})</span>')
TABLE_MARK = 'class="dataframe"'
_IDENTIFIER = re.compile(r"[\w.\-/]*[_./][\w.\-/]*")  # a key, file name or ticker: data/events.csv, qt_end


def cell_message(inner_html: str) -> str | None:
    """The message for one table cell's inner HTML, or None when it is not translated."""
    import html

    if "<a " in inner_html:
        return None
    text = " ".join(html.unescape(_DATE_SPAN.sub(r"\1", inner_html)).split())
    if "<" in text or not re.search(r"[A-Za-z]{2,}", text) or _IDENTIFIER.fullmatch(text):
        return None
    return text


def table_messages(page_html: str) -> list[str]:
    return [m for _, inner, _ in _CELL.findall(page_html) if (m := cell_message(inner))]


def translate_table(page_html: str, translate) -> str:
    """The table HTML with each translatable cell's text replaced by translate(message)."""
    import html

    from .tables import DATE

    def cell(match: re.Match) -> str:
        message = cell_message(match.group(2))
        if message is None:
            return match.group(0)
        text = DATE.sub(r'<span class="fb-date">\g<0></span>', html.escape(translate(message), quote=False))
        return match.group(1) + text + match.group(3)

    return _CELL.sub(cell, page_html)


def notebook_tables(path: Path) -> list[str]:
    """The HTML of every table output stored in a notebook."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            page_html = output.get("data", {}).get("text/html", "")
            if TABLE_MARK in page_html:
                found.append(page_html)
    return found


def glued_words(path: Path) -> list[str]:
    """Glued values that are words, not numbers ("the TGA path", "October 2026"): the
    Chinese page shows them translated from the page's catalogue (fedbook.book.languages)."""
    import ast

    import nbformat

    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            if "scrapbook" not in output.get("metadata", {}):
                continue
            text = next((v for k, v in output.get("data", {}).items() if k.endswith("text/plain")), None)
            try:
                value = ast.literal_eval(text) if text else None
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str) and re.search(r"[a-z]{3,}", value) and not _IDENTIFIER.fullmatch(value):
                found.append(value)
    return found


def _add_table_messages(pot: Path, notebook: Path) -> None:
    """Table cells and glued words of a notebook page, as messages of its catalogue."""
    import polib

    catalogue = polib.pofile(str(pot), wrapwidth=100)
    known = {entry.msgid for entry in catalogue}
    where = (f"../../{notebook.relative_to(REPO).as_posix()}" if notebook.is_relative_to(REPO) else notebook.name,
             "table")
    messages = [m for page_html in notebook_tables(notebook) for m in table_messages(page_html)]
    for message in messages + glued_words(notebook):
        if message not in known:
            known.add(message)
            catalogue.append(polib.POEntry(msgid=message, msgstr="", occurrences=[where]))
    catalogue.save(str(pot))


def site_messages() -> list[str]:
    from .. import data

    publishers = sorted({part for sid in data.series_ids() for part in data.info(sid).publisher.split("; ")})
    return list(dict.fromkeys(SITE_MESSAGES + publishers))


def _pot_text(messages: list[str]) -> str:
    import polib

    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    for message in messages:
        pot.append(polib.POEntry(msgid=message, msgstr="", occurrences=[("fedbook/book/languages.py", "")]))
    return str(pot)


def check_translations(pairs: dict[str, str], keep_as_is: set[str] | None = None) -> list[str]:
    """Problems of translations given as {English: Chinese} (a translator's working file)."""
    keep_as_is = glossary_names() if keep_as_is is None else keep_as_is
    return [f"{problem}: {msgid[:70]!r}" for msgid, msgstr in pairs.items()
            for problem in problems(msgid, msgstr, may_stay_english=msgid in keep_as_is)]


def fill(path: Path, pairs: dict[str, str]) -> int:
    """Write translations {English: Chinese} into the .po file at path (clearing 'fuzzy' on
    each entry filled); returns how many entries were filled."""
    import polib

    catalogue = polib.pofile(str(path), wrapwidth=100)
    filled = 0
    for entry in catalogue:
        if entry.msgid in pairs and pairs[entry.msgid].strip():
            entry.msgstr = pairs[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    catalogue.save(str(path))
    return filled


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m fedbook.book.translation",
                                     description="The Chinese edition's message catalogues.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="extract the English messages and merge them into locales/ (after English edits)")
    sub.add_parser("check", help="list every untranslated, stale or broken message, by file")
    check_json = sub.add_parser("check-json", help="check a translator's {English: Chinese} JSON file")
    check_json.add_argument("file", type=Path)
    fill_cmd = sub.add_parser("fill", help="write a {English: Chinese} JSON file into a .po file")
    fill_cmd.add_argument("po", type=Path)
    fill_cmd.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "update":
        print(update())
        found = check_all()
    elif args.command == "check":
        found = check_all()
    elif args.command == "check-json":
        found = check_translations(json.loads(args.file.read_text(encoding="utf-8")))
    else:
        print(f"{fill(args.po, json.loads(args.file.read_text(encoding='utf-8')))} messages filled in {args.po}")
        found = check_catalogue(args.po)
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
