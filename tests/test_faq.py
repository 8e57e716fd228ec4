"""The FAQ answers the popular articles' questions, each answer pointing to its evidence."""

import re
from pathlib import Path

FAQ = Path(__file__).resolve().parents[1] / "book" / "faq.md"
QUESTIONS = ["Is the end of QT the same as QE?", 'Are reserve-management purchases "hidden QE"?',
             'Does more Fed "liquidity" make crypto rise?', "What is net liquidity, and why do charts of it mislead?",
             "What happens to reserves when the Treasury rebuilds its cash account?",
             "What are the risks the articles leave out?"]
# A section is linked through its label ({ref}`text <label>`), so the link also works in the
# Chinese edition, whose headings (and so their automatic anchors) are translated.
SECTION_LINK = re.compile(r"\{ref\}`[^`<]+<[\w-]+>`")
CHAPTER_LINK = re.compile(SECTION_LINK.pattern + r"|\{ref\}`[\w-]+`")


def sections() -> dict[str, str]:
    parts = re.split(r"^## (.+)$", FAQ.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_faq_answers_each_question_the_articles_pose():
    assert list(sections()) == QUESTIONS


def test_every_answer_links_to_a_chapter_section_with_its_evidence():
    for question, answer in sections().items():
        assert SECTION_LINK.search(answer), f"no section link: {question}"
        assert len(CHAPTER_LINK.findall(answer)) >= 2, f"too few evidence links: {question}"


def test_faq_gives_no_investment_advice_and_types_no_numbers():
    text = FAQ.read_text(encoding="utf-8")
    assert "not investment advice" in text
    assert not re.search(r"\$\s?\d|\d[\d,.]*\s?(%|percent\b|billion|trillion|bp\b)", text)
