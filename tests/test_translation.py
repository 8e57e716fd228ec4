"""The Chinese edition's catalogues: complete, current, and checked message by message.

A failure names the .po file, the line and the message. After editing English text, run
`make translations` (python -m fedbook.book.translation update): new messages arrive
untranslated, changed ones fuzzy, and these tests fail until a translator has filled them.
"""

import re
from pathlib import Path

import polib
import pytest
from sphinx.errors import ConfigError

from fedbook.book import languages, translation

EVAL = '{eval}`f"{nl_peak_bn:,.0f}"`'


def test_every_message_is_translated_checked_and_not_stale():
    found = translation.check_all()
    assert not found, f"{len(found)} translation problem(s), first ones:\n" + "\n".join(found[:25])


def test_catalogues_hold_exactly_the_messages_of_the_english_pages(tmp_path):
    """A stale catalogue (English edited, `make translations` not run) fails here by file."""
    translation.extract(tmp_path)
    stale = []
    for pot in sorted(tmp_path.rglob("*.pot")):
        relative = pot.relative_to(tmp_path).with_suffix(".po")
        po_path = translation.CATALOGUES / relative
        wanted = {e.msgid for e in polib.pofile(str(pot))}
        have = {e.msgid for e in polib.pofile(str(po_path)) if not e.obsolete} if po_path.exists() else set()
        if wanted != have:
            stale.append(f"{po_path.relative_to(translation.REPO)}: {len(wanted - have)} new message(s), "
                         f"{len(have - wanted)} no longer in the English")
    assert not stale, "catalogues out of date (run `make translations`):\n" + "\n".join(stale)


def test_every_page_of_the_book_has_a_catalogue():
    pages = {p.relative_to(translation.CATALOGUES).with_suffix("").as_posix() for p in translation.catalogues()}
    chapters = {f"notebooks/{p.stem}" for p in (translation.REPO / "notebooks").glob("*.ipynb")}
    assert chapters | {"book/intro", "book/faq", "book/glossary", "book/data-and-methods",
                       translation.SITE_DOMAIN} <= pages


@pytest.mark.parametrize("translated, problem", [
    ("", "untranslated"),
    ('峰值为 {eval}`nl_peak_bn` 十亿美元（2022年）。', "translation lost {eval}"),
    (f"峰值为 {EVAL} 十亿美元，见{{numref}}`fig-other`（2022年）。", "{numref} target 'fig-other'"),
    (f"峰值为 {EVAL} 十亿美元，见{{numref}}`fig-nl-parts`（2022年，`WALCL`）。", "code `WALCL`"),
    (f"峰值为 {EVAL} 十亿美元，见{{numref}}`fig-nl-parts`。", "lost the number(s) 2022"),
    (f"峰值为 {EVAL} 亿美元，见{{numref}}`fig-nl-parts`（2022年）。", "a number followed by 亿"),
    (f"峰值为 {EVAL} 万亿美元，见{{numref}}`fig-nl-parts`（2022年）。", "万亿"),
    (f"The peak was {EVAL} billion in 2022, see {{numref}}`fig-nl-parts`.", "no Chinese"),
    (f"峰值为 {EVAL} 十亿美元，见{{numref}}`fig-nl-parts（2022年）。", "unbalanced backquote"),
])
def test_a_broken_translation_is_refused_with_the_reason(translated, problem):
    english = f"The peak was {EVAL} billion dollars in 2022; see {{numref}}`fig-nl-parts`."
    found = translation.problems(english, translated)
    assert any(problem in p for p in found), found


def test_a_good_translation_passes():
    english = (f"Net liquidity peaked at {EVAL} billion dollars in 2022 (see {{numref}}`fig-nl-parts` and "
               "{term}`QT`, {ref}`the chapter on QE and QT <qe-vs-qt>`).")
    chinese = (f"净流动性在2022年达到峰值 {EVAL} 十亿美元（见{{numref}}`fig-nl-parts`和"
               "{term}`量化紧缩 <QT>`，以及{ref}`QE 与 QT 一章 <qe-vs-qt>`），约合数千亿美元的量级。")
    assert translation.problems(english, chinese) == []


def test_a_site_string_that_loses_a_placeholder_is_refused():
    english = "Source: {publishers} ({ids}). {origin}, data as of {as_of}."
    assert translation.problems(english, "来源：{publishers}（{ids}）。{origin}，数据截至 {as_of}。") == []
    found = translation.problems(english, "来源：{publishers}。{origin}，数据截至 {as_of}。")
    assert any("placeholders differ" in p and "'ids'" in p for p in found), found


def test_trillions_written_as_t_may_be_written_as_wanyi():
    assert translation.problems("Peak $8.965T on 2022-04-13.", "2022-04-13 峰值 8.965 万亿美元。") == []
    assert translation.problems("Peak $8,965B on 2022-04-13.", "2022-04-13 峰值 8,965 万亿美元。")


def test_glossary_names_may_stay_as_written():
    assert translation.problems("Quantitative easing", "Quantitative easing", may_stay_english=True) == []


def _catalogue(folder: Path, text: str) -> Path:
    path = folder / "zh_CN" / "LC_MESSAGES" / "notebooks" / "demo.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_malformed_po_file_is_named(tmp_path):
    _catalogue(tmp_path, 'msgid "Total "assets"\nmsgstr "总资产"\n')  # an unescaped quote
    found = translation.check_all(locales=tmp_path)
    assert len(found) == 1 and "notebooks/demo.po" in found[0] and "not a readable .po file" in found[0]


def test_a_fuzzy_message_is_stale_and_named_with_its_line(tmp_path):
    _catalogue(tmp_path, 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                         '#, fuzzy\nmsgid "The balance sheet shrank."\nmsgstr "资产负债表扩张了。"\n')
    found = translation.check_all(locales=tmp_path)
    assert len(found) == 1 and re.search(r"notebooks/demo\.po:[1-9]\d*: stale \(fuzzy", found[0]), found


class _Config:
    language = "zh_CN"
    locale_dirs = ["locales"]
    fedbook_translation_preview = False


class _App:
    def __init__(self, srcdir):
        self.srcdir, self.config = str(srcdir), _Config()


def test_the_chinese_build_stops_on_a_bad_catalogue_naming_file_and_message(tmp_path):
    english = f"The peak was {EVAL} billion.".replace('"', '\\"')
    _catalogue(tmp_path / "locales", f'msgid "{english}"\nmsgstr "峰值为 {{eval}}`nl_peak` 十亿美元。"\n')
    with pytest.raises(ConfigError, match=r"locales/zh_CN/LC_MESSAGES/notebooks/demo\.po:\d+: translation lost \{eval\}"):
        languages._configure_translation(_App(tmp_path), _Config())


def test_site_strings_and_source_lines_translate_part_by_part():
    line = ("Source: Federal Reserve Board, H.4.1 release, via FRED (WALCL, WRESBAL). Embedded snapshot, "
            "data as of 2026-10-07.")
    chinese = languages.translate_source_line(line, translation.LANGUAGE)
    assert chinese.startswith("来源：") and "WALCL, WRESBAL" in chinese and "2026-10-07" in chinese
    assert "Federal Reserve Board" not in chinese
    assert languages.translate_source_line(line, "en") == line


def test_every_page_links_its_counterpart_by_a_relative_url():
    assert languages.counterpart("notebooks/qe-vs-qt", "en") == ("../zh/notebooks/qe-vs-qt.html", "zh_CN")
    assert languages.counterpart("notebooks/qe-vs-qt", "zh_CN") == ("../../notebooks/qe-vs-qt.html", "en")
    assert languages.counterpart("index", "en") == ("zh/index.html", "zh_CN")


def test_table_cells_translate_and_keep_dates_marked():
    html = ('<table class="dataframe"><tr><th>claim</th><th>BTC-USD.COINBASE</th></tr>'
            '<tr><td>from <span class="fb-date">2026-10-07</span></td><td>1.5</td></tr></table>')
    assert translation.table_messages(html) == ["claim", "from 2026-10-07"]
    out = translation.translate_table(html, {"claim": "说法", "from 2026-10-07": "自 2026-10-07 起"}.get)
    assert "<th>说法</th>" in out and '<td>自 <span class="fb-date">2026-10-07</span> 起</td>' in out
    assert "<th>BTC-USD.COINBASE</th>" in out and "<td>1.5</td>" in out
