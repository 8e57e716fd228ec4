"""Teaching material generated from one source, ``book/teaching/questionnaires.yml``.

From that file this module writes (1) into each chapter, before "Sources", a questionnaire
cell and the reasoning exercises with folded model answers, and (2) the instructor guide,
``book/instructor-guide.md``, from the static text in ``book/teaching/guide.md`` plus the
syllabus, the objectives-to-exercises map, the discussion questions, the misconceptions and
every model answer. Questionnaire answers go only into the guide, never onto a chapter page.

Syllabus times are computed, not guessed: reading minutes from the chapter's prose word count
and code lines; lab minutes from the measured execution time (``book/teaching/timings.json``,
written by ``scripts/make_teaching.py --measure``) plus a stated allowance per exercise and
per question. The allowances are teaching assumptions and are printed in the guide.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import nbformat
import yaml

REPO = Path(__file__).resolve().parents[2]
TEACHING = REPO / "book" / "teaching"
SOURCE = TEACHING / "questionnaires.yml"
GUIDE_TEMPLATE = TEACHING / "guide.md"
TIMINGS = TEACHING / "timings.json"
GUIDE = REPO / "book" / "instructor-guide.md"
MARK = "<!-- generated from book/teaching/questionnaires.yml by scripts/make_teaching.py: edit it there -->"

WORDS_PER_MINUTE = 200        # technical prose, read with attention
SECONDS_PER_CODE_LINE = 6     # reading (not writing) a line of the chapter's code
MINUTES_PER_EXERCISE = 15     # a "change a parameter and rerun" exercise, including discussion
MINUTES_PER_REASONING = 10    # a short written answer
MINUTES_PER_QUESTION = 1.5    # a questionnaire item

_SOLUTION_START = re.compile(r"```\{solution-start\}")
_SOLUTION_END = re.compile(r"```\{solution-end\}")
SOURCES_HEADING = re.compile(r"^(?:\([\w-]+\)=\s*\n)?## Sources", re.M)  # the heading and a label right above it
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


def load(path: Path = SOURCE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ---- cells written into the chapters ---------------------------------------------------

def questionnaire_cell(chapter: dict) -> str:
    items = "\n".join(f"{i}. {item['q']}" for i, item in enumerate(chapter["questionnaire"], 1))
    return (f"{MARK}\n## Questionnaire\n\nShort conceptual questions: answer each in a sentence or two, in "
            "your own words, without running code. (Model answers are in the instructor guide, not on "
            f"this page.)\n\n{items}\n")


def reasoning_cells(chapter: dict) -> list[str]:
    cells = []
    for i, item in enumerate(chapter["reasoning"]):
        heading = ("## Reasoning exercises\n\nThese exercises ask for economic reasoning in words, not "
                   "code.\n\n") if i == 0 else ""
        cells.append(f"{MARK}\n{heading}```{{exercise}}\n:label: {item['label']}\n\n{item['question']}\n```\n\n"
                     f"```{{solution-start}} {item['label']}\n:class: dropdown\n```\n")
        cells.append(f"{MARK}\n{item['answer']}\n\n```{{solution-end}}\n```\n")
    return cells


def _sources_index(notebook: nbformat.NotebookNode) -> int:
    """Index of the cell that starts with the "## Sources" heading (splitting a cell if needed)."""
    for i, cell in enumerate(notebook.cells):
        heading = SOURCES_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if heading is None:
            continue
        head, tail = cell.source[:heading.start()], cell.source[heading.start():]
        if not head.strip():
            return i
        cell.source = head.rstrip() + "\n"
        notebook.cells.insert(i + 1, nbformat.v4.new_markdown_cell(tail, id="sources"))
        return i + 1
    raise ValueError("the chapter has no '## Sources' heading")


def install(notebook: nbformat.NotebookNode, chapter: dict) -> None:
    """Replace the chapter's generated cells with fresh ones, just before "Sources" (idempotent)."""
    notebook.cells = [c for c in notebook.cells if not (c.cell_type == "markdown" and MARK in c.source)]
    at = _sources_index(notebook)
    texts = [questionnaire_cell(chapter), *reasoning_cells(chapter)]
    # fixed ids, so that regenerating leaves the file byte-identical
    notebook.cells[at:at] = [nbformat.v4.new_markdown_cell(text, id=f"teaching-{i}") for i, text in enumerate(texts)]


# ---- measuring a chapter -----------------------------------------------------------------

def _reading_cells(notebook: nbformat.NotebookNode):
    """Cells a student reads on a first pass: everything but solutions."""
    in_solution = False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and in_solution and _SOLUTION_END.search(cell.source):
            in_solution = False
            continue
        if not in_solution:
            yield cell
        if cell.cell_type == "markdown" and _SOLUTION_START.search(cell.source):
            in_solution = True


def prose_words(notebook: nbformat.NotebookNode) -> int:
    text = " ".join(c.source for c in _reading_cells(notebook) if c.cell_type == "markdown")
    return len(re.findall(r"[A-Za-z0-9][\w'’.-]*", _ROLE.sub(" N ", text)))


def code_lines(notebook: nbformat.NotebookNode) -> int:
    return sum(len([ln for ln in c.source.splitlines() if ln.strip()])
               for c in _reading_cells(notebook) if c.cell_type == "code")


def exercise_count(notebook: nbformat.NotebookNode) -> int:
    return sum(c.source.count("```{exercise}") for c in notebook.cells if c.cell_type == "markdown")


def _round_up(minutes: float, step: int = 5) -> int:
    return int(step * math.ceil(minutes / step))


def chapter_minutes(notebook: nbformat.NotebookNode, chapter: dict, run_seconds: float) -> dict:
    reasoning = len(chapter["reasoning"])
    reading = prose_words(notebook) / WORDS_PER_MINUTE + code_lines(notebook) * SECONDS_PER_CODE_LINE / 60
    lab = (run_seconds / 60 + (exercise_count(notebook) - reasoning) * MINUTES_PER_EXERCISE
           + reasoning * MINUTES_PER_REASONING + len(chapter["questionnaire"]) * MINUTES_PER_QUESTION)
    return {"words": prose_words(notebook), "code lines": code_lines(notebook),
            "exercises": exercise_count(notebook) - reasoning, "reasoning": reasoning,
            "questions": len(chapter["questionnaire"]), "run seconds": run_seconds,
            "reading": _round_up(reading), "lab": _round_up(lab)}


# ---- the instructor guide ------------------------------------------------------------------

def title(notebook: nbformat.NotebookNode) -> str:
    return re.search(r"^# (.+)$", notebook.cells[0].source, re.M).group(1).strip()


def sections(notebook: nbformat.NotebookNode) -> list[str]:
    skip = {"Key takeaways", "Exercises", "Sources", "Questionnaire", "Reasoning exercises"}
    found = [m.group(1).strip() for c in notebook.cells if c.cell_type == "markdown" and MARK not in c.source
             for m in re.finditer(r"^## (.+)$", c.source, re.M)]
    return [s for s in found if s not in skip]


def objectives(notebook: nbformat.NotebookNode) -> dict[int, str]:
    block = re.search(r"```\{admonition\} Learning objectives.*?```", notebook.cells[0].source, re.S)
    items = re.findall(r"^(\d+)\. (.+?)(?=^\d+\. |\Z|^```)", block.group(0), re.M | re.S)
    return {int(n): " ".join(text.split()) for n, text in items}


def _syllabus(data: dict, notebooks: dict, minutes: dict) -> str:
    rows = ["| Week | Chapters and sections | Reading, min | Lab, min | Focus |", "|---|---|---|---|---|"]
    for week in data["weeks"]:
        parts = [f"{{ref}}`{slug}`: " + "; ".join(sections(notebooks[slug])) for slug in week["chapters"]]
        reading = sum(minutes[s]["reading"] for s in week["chapters"])
        lab = sum(minutes[s]["lab"] for s in week["chapters"])
        rows.append(f"| {week['week']} | {' <br> '.join(parts)} | {reading} | {lab} | {week['theme']} |")
    return "\n".join(rows)


def _measurements(minutes: dict, measured_on: str) -> str:
    rows = ["| Chapter | Prose words | Code lines | Exercises | Reasoning | Questions | Run, s | Reading, min | Lab, min |",
            "|---|---|---|---|---|---|---|---|---|"]
    for slug, m in minutes.items():
        rows.append(f"| {{ref}}`{slug}` | {m['words']} | {m['code lines']} | {m['exercises']} | {m['reasoning']} | "
                    f"{m['questions']} | {m['run seconds']:.1f} | {m['reading']} | {m['lab']} |")
    rules = (f"Reading = prose words / {WORDS_PER_MINUTE} a minute + code lines x {SECONDS_PER_CODE_LINE} s, "
             f"solutions excluded. Lab = measured run time + {MINUTES_PER_EXERCISE} min per exercise + "
             f"{MINUTES_PER_REASONING} min per reasoning exercise + {MINUTES_PER_QUESTION} min per questionnaire "
             f"question. Both rounded up to 5 minutes. Run times measured {measured_on} "
             "(`scripts/make_teaching.py --measure`).")
    return "\n".join(rows) + "\n\n" + rules


def _chapter_section(slug: str, notebook: nbformat.NotebookNode, chapter: dict) -> str:
    goals = objectives(notebook)
    lines = [f"### {title(notebook)}", "", f"Chapter: {{ref}}`{slug}`.", "",
             "**Learning objectives and the exercises that practise them**", "",
             "| Objective | Practised in |", "|---|---|"]
    for number, text in goals.items():
        lines.append(f"| {number}. {text} | {', '.join(chapter['objectives'][number])} |")
    lines += ["", "**Discussion questions**", ""]
    lines += [f"{i}. {q}" for i, q in enumerate(chapter["discussion"], 1)]
    lines += ["", "**Common misconceptions**", ""]
    lines += [f"- *{m['claim']}* {m['correction']}" for m in chapter["misconceptions"]]
    lines += ["", "**Questionnaire: model answers**", ""]
    lines += [f"{i}. *{item['q']}* {item['a']}" for i, item in enumerate(chapter["questionnaire"], 1)]
    lines += ["", "**Reasoning exercises: model answers**", ""]
    lines += [f"- `{item['label']}`. *{item['question']}* {item['answer']}" for item in chapter["reasoning"]]
    return "\n".join(lines)


def render_guide(data: dict, notebooks: dict, timings: dict) -> str:
    minutes = {slug: chapter_minutes(notebooks[slug], data["chapters"][slug], timings["seconds"][slug])
               for slug in data["chapters"]}
    chapters = "\n\n".join(_chapter_section(slug, notebooks[slug], data["chapters"][slug]) for slug in data["chapters"])
    text = GUIDE_TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"syllabus": _syllabus(data, notebooks, minutes),
                       "measurements": _measurements(minutes, timings["measured"]), "chapters": chapters}.items():
        text = text.replace("{{" + key + "}}", value)
    return text.replace("<!-- template -->", f"<!-- {MARK[5:-4].strip()}; template: book/teaching/guide.md -->")


def load_timings() -> dict:
    return json.loads(TIMINGS.read_text(encoding="utf-8"))
