"""Numbers in the prose that every reader sees: website, JupyterLab and handouts.

A chapter's prose cites computed numbers as MyST inline expressions,
``{eval}`f"{qeqt_peak_tn:.3f}"` `` or ``{eval}`qeqt_peak_date` ``: a glue key, optionally
with a Python format spec. The same text is read three ways:

- **website** (myst-nb, ``force`` execution): ``fedbook.book.sphinx_ext`` renders the
  expression from the value glued during the build, exactly like
  ``{glue:text}`qeqt_peak_tn:.3f` `` (fresh numbers, live mode included);
- **JupyterLab with jupyterlab-myst**: the expression is evaluated in the kernel
  (``glue`` also binds the key as a variable) and, before the chapter is run, shown from
  the ``user_expressions`` cell metadata that :func:`prepare` stores here;
- **student handouts**: :func:`fill_numbers` writes the stored result into the text.

Values are the glued ones (``text/plain`` of the stored glue outputs, plain Python
scalars), so the three cannot differ. Authors may still type ``{glue:text}`` roles;
:func:`prepare` rewrites them (it is idempotent and runs on every ``make execute``).
"""

from __future__ import annotations

import ast
import re

import nbformat

GLUE_TEXT_ROLE = re.compile(r"\{glue:text\}`([A-Za-z_]\w*)(?::([^`]*))?`")
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
NAME = re.compile(r"[A-Za-z_]\w*")
FORMATTED = re.compile(r'f"\{([A-Za-z_]\w*):([^{}"]+)\}"')
METADATA_KEY = "user_expressions"  # where jupyterlab-myst reads and writes results


def expression_for(key: str, fmt: str | None) -> str:
    return f'f"{{{key}:{fmt}}}"' if fmt else key


def parse_expression(expression: str) -> tuple[str, str]:
    """(glue key, format spec or '') of an expression this book allows in {eval}."""
    expression = expression.strip()
    if NAME.fullmatch(expression):
        return expression, ""
    formatted = FORMATTED.fullmatch(expression)
    if formatted:
        return formatted.group(1), formatted.group(2)
    raise ValueError(f"{{eval}} expression {expression!r} is not a glue key or f\"{{key:format}}\"")


def glue_roles_to_eval(markdown: str) -> str:
    """Rewrite ``{glue:text}`key:fmt` `` roles as the equivalent ``{eval}`` expressions."""
    return GLUE_TEXT_ROLE.sub(lambda m: f"{{eval}}`{expression_for(m.group(1), m.group(2))}`", markdown)


def glued_data(notebook) -> dict[str, dict]:
    """{glue key: {mime type: content}} from the executed notebook's stored glue outputs."""
    data = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            scrapbook = output.get("metadata", {}).get("scrapbook", {})
            if "name" in scrapbook:
                prefix = scrapbook.get("mime_prefix", "")
                data[scrapbook["name"]] = {mime[len(prefix):]: content for mime, content in output.get("data", {}).items()}
    return data


def glued_values(notebook) -> dict:
    """{glue key: plain Python value} of every glued value with a text/plain form."""
    return {key: _literal(data["text/plain"]) for key, data in glued_data(notebook).items() if "text/plain" in data}


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError):
        return text


def evaluate(expression: str, values: dict) -> str:
    """The text an expression shows: what the kernel returns for it, as a string."""
    key, fmt = parse_expression(expression)
    if key not in values:
        raise KeyError(f"{{eval}}`{expression}` refers to {key!r}, which no cell glues")
    return format(values[key], fmt)


def user_expressions(markdown: str, values: dict) -> list[dict]:
    """jupyterlab-myst's cell metadata: one result per {eval} expression, in order."""
    results = []
    for expression in dict.fromkeys(EVAL_ROLE.findall(markdown)):
        text = evaluate(expression, values)
        results.append({"expression": expression,
                        "result": {"status": "ok", "data": {"text/plain": repr(text)}, "metadata": {}}})
    return results


def prepare(notebook) -> None:
    """Rewrite glue roles as {eval} and store each expression's result (in place, idempotent)."""
    values = glued_values(notebook)
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        cell.source = glue_roles_to_eval(cell.source)
        results = user_expressions(cell.source, values)
        if results:
            cell.metadata[METADATA_KEY] = results
        else:
            cell.metadata.pop(METADATA_KEY, None)


def prepare_file(path) -> None:
    notebook = nbformat.read(path, as_version=4)
    prepare(notebook)
    nbformat.write(notebook, path)


def fill_numbers(markdown: str, values: dict) -> str:
    """The prose with every {eval} replaced by its text (for handouts without MyST)."""
    return EVAL_ROLE.sub(lambda m: evaluate(m.group(1), values), markdown)
