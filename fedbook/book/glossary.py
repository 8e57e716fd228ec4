"""The glossary and the chapters' links to it.

``book/glossary.md`` is the one source: a ``{glossary}`` block whose entries are one or more
term lines (a name and its short forms) followed by an indented definition. A chapter *uses*
an entry when one of its names appears in the chapter's prose, and *links* it with a
``{term}`` role. Prose here means markdown outside code, roles, math, links, headings,
directive lines, solutions (which the student copies drop) and cells generated from
``book/teaching`` (rewritten by a script, so they carry no hand-made links).

A name shadows shorter names it contains ("ample reserves" is not a use of "reserves");
a name with a capital after its first letter ("QE", "DeFi") is matched case-sensitively
apart from that first letter; plurals in -s/-es count as uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO / "book" / "glossary.md"
GENERATED_MARK = "<!-- generated from book/teaching"
_BLOCK = re.compile(r"```\{glossary\}\n(.*?)\n```", re.S)
_TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")
_SOLUTION_START = re.compile(r"```\{solution-start\}")
_SOLUTION_END = re.compile(r"```\{solution-end\}")
# Parts of a markdown cell that are not prose: roles with their content, code spans, math,
# links, HTML comments, and whole lines that are headings, fences, options or labels.
_NOT_PROSE = [re.compile(p, re.S) for p in (r"\$\$.*?\$\$", r"<!--.*?-->")] + [re.compile(p, re.M) for p in (
    r"\{[\w:-]+\}`[^`]*`", r"`[^`]*`", r"\$[^$\n]+\$", r"!?\[[^\]]*\]\([^)]*\)", r"https?://\S+",
    r"^#.*$", r"^\s*```.*$", r"^\s*:[\w-]+:.*$", r"^\(.*\)=\s*$")]


def entries(text: str | None = None) -> list[tuple[str, ...]]:
    """The glossary's entries, each the tuple of its names (first name first)."""
    text = GLOSSARY.read_text(encoding="utf-8") if text is None else text
    block = _BLOCK.search(text)
    if block is None:
        raise ValueError("no ```{glossary} block in the glossary page")
    found, names, in_definition = [], [], False
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        if line.startswith((" ", "\t")):
            in_definition = True
            continue
        if in_definition and names:
            found.append(tuple(names))
            names = []
        in_definition = False
        names.append(line.strip())
    if names:
        found.append(tuple(names))
    return found


def _pattern(name: str) -> re.Pattern:
    first, rest = re.escape(name[0]), re.escape(name[1:])
    case_sensitive = any(ch.isupper() for ch in name[1:])
    head = f"[{first.lower()}{first.upper()}]" if first.isalpha() else first
    body = rf"(?<![\w-]){head}{rest}(?:s|es)?(?![\w-])"
    return re.compile(body) if case_sensitive else re.compile(body, re.I)


def _mask(text: str, spans) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def prose(markdown: str) -> str:
    """`markdown` with every non-prose part blanked out (same length, so offsets hold)."""
    for rule in _NOT_PROSE:
        markdown = _mask(markdown, [m.span() for m in rule.finditer(markdown)])
    return markdown


def _shadowing(name: str, all_names: list[str]) -> list[str]:
    return [other for other in all_names if len(other) > len(name) and name.lower() in other.lower()]


def find_use(text: str, names: tuple[str, ...], all_names: list[str]) -> re.Match | None:
    """The first use of any of `names` in the prose of `text`, or None."""
    hits = []
    for name in names:
        visible = prose(text)
        for longer in _shadowing(name, all_names):
            visible = _mask(visible, [m.span() for m in _pattern(longer).finditer(visible)])
        hit = _pattern(name).search(visible)
        if hit:
            hits.append(hit)
    return min(hits, key=lambda m: m.start()) if hits else None


def linked_names(text: str) -> set[str]:
    """Lower-cased targets of the ``{term}`` roles in `text`."""
    targets = set()
    for role in _TERM_ROLE.findall(text):
        explicit = re.search(r"<([^>]+)>\s*$", role)
        targets.add((explicit.group(1) if explicit else role).strip().lower())
    return targets


def prose_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """Markdown cells outside solutions and generated teaching cells, in order."""
    cells, in_solution = [], False
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        text = cell.source
        if in_solution:
            in_solution = not _SOLUTION_END.search(text)
            continue
        if GENERATED_MARK not in text:
            cells.append(cell)
        in_solution = bool(_SOLUTION_START.search(text)) and not _SOLUTION_END.search(text)
    return cells


def unlinked(notebook: nbformat.NotebookNode, glossary=None) -> list[str]:
    """Glossary entries (by first name) the chapter uses but never links."""
    glossary = entries() if glossary is None else glossary
    all_names = [n for names in glossary for n in names]
    cells = prose_cells(notebook)
    linked = set().union(*(linked_names(c.source) for c in notebook.cells if c.cell_type == "markdown"))
    missing = []
    for names in glossary:
        if linked & {n.lower() for n in names}:
            continue
        if any(find_use(c.source, names, all_names) for c in cells):
            missing.append(names[0])
    return missing


def link_first_uses(notebook: nbformat.NotebookNode, glossary=None) -> list[str]:
    """Wrap the first use of every used-but-unlinked entry in a ``{term}`` role, in place.

    Longer names go first so that a phrase is linked before the words inside it. Returns the
    entries linked; running it again links nothing new.
    """
    glossary = entries() if glossary is None else glossary
    all_names = [n for names in glossary for n in names]
    todo = set(unlinked(notebook, glossary))
    done = []
    for names in sorted(glossary, key=lambda ns: -max(len(n) for n in ns)):
        if names[0] not in todo:
            continue
        for cell in prose_cells(notebook):
            hit = find_use(cell.source, names, all_names)
            if hit:
                word = cell.source[hit.start():hit.end()]
                target = next(n for n in names if _pattern(n).fullmatch(word))
                role = f"{{term}}`{word}`" if word.lower() == target.lower() else f"{{term}}`{word} <{target}>`"
                cell.source = cell.source[:hit.start()] + role + cell.source[hit.end():]
                done.append(names[0])
                break
    return done
