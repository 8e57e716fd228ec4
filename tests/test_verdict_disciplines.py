"""The five verdict disciplines of the claims ledger (fedbook/claims/rules.py), each tested on
its own rule and on the ledger as built from the committed snapshot."""

import pandas as pd
import pytest

import fedbook
from fedbook import claims as cl
from fedbook.claims import editions, rules

S, P, C, N = cl.SUPPORTED, cl.PARTLY, cl.CONTRADICTED, cl.NOT_TESTABLE


@pytest.fixture(scope="module")
def results():
    return cl.all_results()


# --- 1. several definitions: the most favourable alone gives at most "partly" ----------------

@pytest.mark.parametrize("verdicts, expected", [
    ([S], S), ([S, S, C], S), ([S, S, P, P], P),     # supported only under more than half of them
    ([S, C, C], P), ([S, P, P, C], P),               # holds only under the most favourable: partly
    ([P, C], P), ([C, C], C), ([N, N], N), ([S, N], S),  # untestable definitions are left out
])
def test_across_definitions(verdicts, expected):
    assert cl.across_definitions({f"definition {i}": v for i, v in enumerate(verdicts)}) == expected


def test_a_verdict_that_does_not_follow_from_its_definitions_is_refused():
    with pytest.raises(ValueError, match="does not follow from its definitions"):
        cl.ClaimResult("x", "t", "s", "test", "tol", "result", S, by_definition={"best": S, "a": C, "b": C})


def test_every_claim_with_definitions_shows_each_in_the_ledger(results):
    with_definitions = {k for k, r in results.items() if r.by_definition}
    assert {"1", "6", "7", "8a", "8b", "17b", "18b"} <= with_definitions
    table = cl.ledger(results)
    for k in with_definitions:
        assert all(d in table.loc[k, "verdict by definition"] for d in results[k].by_definition)
    assert len(cl.definitions_table(results)) == sum(len(results[k].by_definition) for k in with_definitions)


def test_a_claim_that_holds_only_on_its_best_definition_is_partly_supported():
    # With a tight "about" for correlations only the closest of claim 6's definitions can hold.
    with cl.tolerances(CORR_TOL=0.003):
        result = cl.claim_6()
    assert list(result.by_definition.values()).count(S) == 1 and result.verdict == P
    assert cl.claim_6().verdict == S  # more than half of the eight hold at the book's tolerance


# --- 2. judged as of the articles' window ------------------------------------------------------

def test_known_data_stop_at_the_end_of_the_articles_window():
    assert cl.known("WALCL").index[-1] <= cl.ARTICLES_END < fedbook.load("WALCL").index[-1]
    with cl.judged_as_of(None):
        assert cl.known("WALCL").index[-1] == fedbook.load("WALCL").index[-1]
    assert rules.JUDGED_AS_OF == cl.ARTICLES_END


def test_later_data_cannot_change_a_verdict_or_a_result(results, monkeypatch):
    """Multiply every value after the window by ten: the ledger must not notice."""
    load, load_frame = fedbook.data.load, fedbook.data.load_frame

    def corrupt(values):
        values = values.copy()
        values.loc[values.index > cl.ARTICLES_END] *= 10
        return values

    monkeypatch.setattr(fedbook.data, "load", lambda *a, **k: corrupt(load(*a, **k)))
    monkeypatch.setattr(fedbook.data, "load_frame", lambda *a, **k: corrupt(load_frame(*a, **k)))
    corrupted = cl.all_results()
    for k, r in results.items():
        assert (corrupted[k].verdict, corrupted[k].result) == (r.verdict, r.result), k


def test_facts_dated_after_the_window_are_not_used():
    with pytest.raises(KeyError, match="dated by the judging date"):
        cl.fact("iorb_sep_2026")  # on file, but dated September 2026
    with cl.judged_as_of(None):
        assert cl.fact("iorb_sep_2026")["amount"] == pytest.approx(3.90)


def test_since_then_lists_only_verdicts_that_later_data_would_change(results):
    table = cl.since_then(results)
    assert list(table.columns) == ["as of 2026-01-31", "on all the data"]
    assert (table.iloc[:, 0] != table.iloc[:, 1]).all()
    assert rules.JUDGED_AS_OF == cl.ARTICLES_END  # restored


# --- 3. absence of a statement is "not testable", never "contradicted" --------------------------

@pytest.mark.parametrize("stating, opposing, expected", [
    ([], [], N), (["W"], [], P), ([], ["W"], N),     # nothing, or only weak sources, settles nothing
    (["R"], [], S), ([], ["P"], C), (["P (copy)"], ["R"], P),
])
def test_from_statements(stating, opposing, expected):
    assert cl.from_statements(stating, opposing) == expected


def test_claim_18a_is_not_contradicted_by_silence(results):
    assert results["18a"].verdict == N and results["18a"].settle_with
    assert "absence of a statement is not evidence" in results["18a"].result


def add_fact_row(data_copy, row: str) -> None:
    path = data_copy / "policy_amounts.csv"
    path.write_text(path.read_text() + row + "\n")


def test_claim_18a_is_contradicted_by_a_fed_source_stating_another_threshold(data_copy):
    add_fact_row(data_copy, "fed_criterion_test,5,percent of GDP,2025-10-29,test row,https://example.org/x,P")
    assert cl.claim_18a().verdict == C


# --- 4. dated facts bound a claim when the series is missing ------------------------------------

def test_rank_bound():
    assert cl.rank_bound([50.0, 26.0, 10.0], 13.5) == 3
    assert cl.rank_bound([], 13.5) == 1


def test_claim_11_is_bounded_by_dated_take_ups(results):
    assert results["11"].verdict == C and results["11"].measured >= 3


def test_weak_take_ups_alone_cannot_bound_claim_11(data_copy):
    path = data_copy / "policy_amounts.csv"
    table = pd.read_csv(path)
    table.loc[table["key"].str.startswith("srf_takeup_"), "quality"] = "W"
    table.to_csv(path, index=False)
    assert cl.claim_11().verdict == N


# --- 5. every changed verdict is explained in the "what changed" note ----------------------------

def test_every_verdict_change_since_the_last_edition_has_a_reason(results):
    assert editions.unexplained(results) == []
    changed = editions.changes(results)
    assert set(changed.index) == {"11", "17b", "18a", "18b"}
    assert changed["reason"].str.len().gt(40).all()


def test_a_silent_change_is_caught(results, monkeypatch):
    monkeypatch.setattr(editions, "REASONS", {k: v for k, v in editions.REASONS.items() if k != "11"})
    assert editions.unexplained(results) == ["11"]
