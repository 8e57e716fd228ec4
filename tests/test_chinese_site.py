"""The Chinese edition in the built site: every page switches language, numbers match.

The site is built as `make book` builds it (English, then Chinese into zh/ from the same run).
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from fedbook.book import translation

ZH = translation.SITE_PATH
PASTED = re.compile(r'<span class="pasted-text">((?:<span class="fb-date">[^<]*</span>|[^<])*)</span>', re.S)
SWITCH = re.compile(r'<p class="fb-language-switch">.*?<a href="([^"]+)" hreflang="([\w-]+)"', re.S)
CJK = re.compile(r"[\u4e00-\u9fff]")
TAGS = re.compile(r"<[^>]+>")


def pages(site: Path) -> list[str]:
    """The book's pages (those in the table of contents), as paths relative to an edition."""
    return sorted(p.relative_to(site).as_posix() for p in list((site / "notebooks").glob("*.html"))
                  + list((site / "book").glob("*.html")))


def chapters(site: Path) -> list[str]:
    return [p for p in pages(site) if p.startswith("notebooks/")]


def main_text(page: str) -> str:
    body = page.split('<article class="bd-article"', 1)[-1].split("</article>", 1)[0]
    body = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", body, flags=re.S)
    return TAGS.sub(" ", body)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_both_editions_have_every_page(built_site):
    assert pages(built_site) and pages(built_site) == pages(built_site / ZH)


@pytest.mark.parametrize("edition, other", [("", "zh-CN"), (ZH, "en")])
def test_every_page_links_the_same_page_in_the_other_language(built_site, edition, other):
    site = built_site / edition
    for page in pages(site) + ["search.html", "genindex.html"]:
        match = SWITCH.search(read(site / page))
        assert match, f"{edition or 'en'}/{page}: no language switch"
        href, lang = match.groups()
        target = (site / page).parent / href
        assert lang == other and target.resolve().exists(), f"{edition or 'en'}/{page}: switch to {href} is broken"
        assert target.resolve().relative_to((built_site / (ZH if lang == 'zh-CN' else '')).resolve()).as_posix() \
            == page


def glued(page: str, words: bool = False) -> Counter:
    """The numbers and dates glued into a page (or, with words=True, the glued values that
    are words, which the Chinese page shows translated)."""
    values = [TAGS.sub("", value) for value in PASTED.findall(page)]
    return Counter(v for v in values if bool(re.search(r"[A-Za-z]{3,}|[\u4e00-\u9fff]", v)) == words)


def test_chinese_pages_show_the_same_glued_numbers_as_the_english(built_site):
    for page in chapters(built_site):
        english, chinese = glued(read(built_site / page)), glued(read(built_site / ZH / page))
        assert english, page
        assert chinese == english, (f"{page}: values only in English {list((english - chinese).items())[:5]}, "
                                    f"only in Chinese {list((chinese - english).items())[:5]}")


def test_glued_words_are_shown_in_chinese(built_site):
    for page in chapters(built_site):
        english = sum(glued(read(built_site / page), words=True).values())
        chinese = glued(read(built_site / ZH / page), words=True)
        assert sum(chinese.values()) == english, page
        # a one-word name ("DeFi") may stay as it is; a phrase must be translated
        assert not [v for v in chinese if not CJK.search(v) and " " in v.strip()], \
            f"{page}: glued words left in English: {list(chinese)}"


def test_chinese_pages_are_in_chinese_with_translated_captions_tables_and_sources(built_site):
    for page in pages(built_site / ZH):
        html = read(built_site / ZH / page)
        assert '<html lang="zh-CN"' in html, page
        assert "fb-language-switch" in html, page
        text = main_text(html)
        if page == "book/references.html":  # cited titles and publishers stay as published
            continue
        letters = len(re.findall(r"[A-Za-z]", text)) + len(CJK.findall(text))
        assert len(CJK.findall(text)) > 0.3 * letters, f"{page}: mostly not Chinese"
        for caption in re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S):
            assert CJK.search(TAGS.sub("", caption)), f"{page}: caption not translated: {caption[:120]}"
        for source in re.findall(r'class="fedbook-source">(.*?)</p>', html, re.S):
            assert source.startswith("来源："), f"{page}: source line not translated: {source[:120]}"
        if "<figure" in html:
            assert "fb-chart-language" in html, f"{page}: no note that chart text stays English"
    ledger = read(built_site / ZH / "notebooks" / "claims-ledger.html")
    assert "<td>部分成立</td>" in ledger and "<td>partly supported</td>" not in ledger


def test_the_glossary_is_bilingual_in_both_editions(built_site):
    for edition in ("", ZH):
        glossary = read(built_site / edition / "book" / "glossary.html")
        for name in ("Quantitative tightening", "量化紧缩", "缩表", "隐形QE", "山寨币", "定投", "逆回购"):
            assert name in glossary, f"{edition or 'en'} glossary lacks {name}"
    chinese = main_text(read(built_site / ZH / "book" / "glossary.html"))
    assert "资产负债表" in chinese and "The region where the reserve demand curve" not in chinese


def test_chinese_terms_link_to_the_glossary(built_site):
    page = read(built_site / ZH / "notebooks" / "net-liquidity.html")
    assert re.search(r'href="\.\./book/glossary\.html#term-[^"]+"><span class="xref std std-term">[^<]*'
                     r'[\u4e00-\u9fff]', page)


def test_chinese_edition_links_the_english_sites_downloads(built_site):
    page = read(built_site / ZH / "notebooks" / "qe-vs-qt.html")
    wheel = re.search(r'href="\.\./\.\./(fedbook-[^"]+\.whl)"', page)
    assert wheel and (built_site / wheel.group(1)).exists()
    assert 'href="../../student/qe-vs-qt.ipynb"' in page
    assert not list((built_site / ZH).glob("*.whl")), "the wheel is published once, at the site root"


def test_the_chinese_search_index_holds_chinese_words(built_site):
    """Sphinx indexes Chinese words only with jieba installed (requirements.txt); the glossary's
    Chinese names are words of their own (fedbook.book.languages gives jieba the list)."""
    import json

    script = read(built_site / ZH / "searchindex.js")
    terms = json.loads(script[script.index("(") + 1:script.rindex(")")])["terms"]
    for word in ("缩表", "准备金", "美联储", "逆回购", "净流动性", "到期缩减"):
        assert word in terms, f"{word} is not in the Chinese search index"
