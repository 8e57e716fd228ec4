"""T-accounts: balanced postings, clear errors, the five operations and their effect on reserves."""

import pytest

from fedbook.analysis import taccounts as ta
from fedbook.analysis.taccounts import Entry

AMOUNT = 100


@pytest.fixture
def ledger():
    return ta.starting_ledger()


def test_starting_ledger_is_balanced_and_every_claim_has_a_holder(ledger):
    for inst in ledger.institutions:
        assert ledger.total(inst, ta.ASSETS) == ledger.total(inst, ta.LIABILITIES)
    assert ledger.balance("Fed", "reserves") == ledger.balance("Banks", "reserves")
    held = sum(ledger.balance(i, ta.SECURITIES) for i in ["Fed", "Banks", "MMFs", "Public"])
    assert ledger.balance("Treasury", ta.SECURITIES) == held


def test_post_returns_a_new_ledger_and_leaves_the_old_one_alone(ledger):
    after = ledger.post(ta.qe_purchase(AMOUNT))
    assert after.balance("Fed", "reserves") == ledger.balance("Fed", "reserves") + AMOUNT
    assert ledger.balance("Fed", "reserves") == 400


def test_unbalanced_posting_names_the_institution_and_the_imbalance(ledger):
    bad = [Entry("Fed", ta.SECURITIES, 100, "buy"), Entry("Fed", "reserves", 90, "buy")]
    with pytest.raises(ta.UnbalancedPosting, match=r"buy: for Fed, assets change by \+100 but .* by \+90 \(imbalance \+10\)"):
        ledger.post(bad)


def test_one_sided_claim_breaks_the_link_between_fed_and_banks(ledger):
    # Balanced for the Fed alone, but the banks' reserve assets were not credited.
    half = [e for e in ta.qe_purchase(AMOUNT) if e.institution == "Fed"]
    with pytest.raises(ta.BrokenLink, match="Fed 'reserves' is 500 but Banks 'reserves' hold 400"):
        ledger.post(half)


def test_account_that_cannot_go_negative_raises(ledger):
    # Only 100 sits in the ON RRP: money funds cannot take 150 out of it.
    with pytest.raises(ta.NegativeBalance, match="'ON RRP' would be −50"):
        ledger.post(ta.qt_runoff(150, refinanced_by="mmf"))


def test_treasury_net_position_may_be_negative(ledger):
    assert ledger.balance("Treasury", "net position") < 0  # allowed: accumulated deficits


def test_unknown_account_lists_the_known_ones(ledger):
    with pytest.raises(ta.UnknownAccount, match="Fed has no account 'reserve' .*reserves"):
        ledger.post([Entry("Fed", "reserve", 1)])
    with pytest.raises(ta.UnknownAccount, match="no institution 'ECB'"):
        ledger.balance("ECB", "reserves")


def test_with_account_opens_an_empty_account(ledger):
    opened = ledger.with_account("Fed", ta.ASSETS, "repo loans").with_account("Banks", ta.LIABILITIES, "Fed loans")
    srf = [Entry("Fed", "repo loans", 50), Entry("Fed", "reserves", 50),
           Entry("Banks", "reserves", 50), Entry("Banks", "Fed loans", 50)]
    after = opened.post(srf)
    assert after.total("Fed") == 1050 and after.balance("Banks", "Fed loans") == 50
    with pytest.raises(ValueError, match="side"):
        ledger.with_account("Fed", "left", "x")


@pytest.mark.parametrize("operation, reserves, assets, tga, rrp, currency", [
    (ta.qe_purchase, +1, +1, 0, 0, 0),
    (ta.qt_runoff, -1, -1, 0, 0, 0),
    (ta.tga_rebuild, -1, 0, +1, 0, 0),
    (ta.rrp_to_bills, +1, 0, 0, -1, 0),
    (ta.currency_growth, -1, 0, 0, 0, +1),
])
def test_each_operation_moves_the_fed_balance_sheet_as_taught(ledger, operation, reserves, assets, tga, rrp, currency):
    entries = operation(AMOUNT)
    ledger.post(entries)  # balanced, links intact, nothing negative
    fed = ta.fed_changes(entries)
    assert fed.to_dict() == {"total assets": assets * AMOUNT, "reserves": reserves * AMOUNT, "TGA": tga * AMOUNT,
                             "ON RRP": rrp * AMOUNT, "currency": currency * AMOUNT}
    assert ta.reserves_change(entries) == reserves * AMOUNT


def test_money_fund_routes_leave_reserves_unchanged(ledger):
    for entries in [ta.qt_runoff(AMOUNT, refinanced_by="mmf"), ta.tga_rebuild(AMOUNT, funded_by="mmf"),
                    ta.rrp_to_bills(AMOUNT, bills_from="treasury")]:
        ledger.post(entries)
        assert ta.reserves_change(entries) == 0
        assert ta.fed_changes(entries)["ON RRP"] == -AMOUNT


def test_qt_runoff_has_two_steps_and_the_tga_ends_where_it_started(ledger):
    entries = ta.qt_runoff(AMOUNT)
    assert len(ta.steps(entries)) == 2
    after = ledger.post(entries)
    assert after.balance("Fed", "TGA") == ledger.balance("Fed", "TGA")
    first = ta.net_changes(entries, ta.steps(entries)[0])
    assert first[("Fed", "TGA")] == -AMOUNT and first[("Treasury", ta.SECURITIES)] == -AMOUNT


def test_operations_refuse_unknown_routes():
    with pytest.raises(ValueError, match="buyer"):
        ta.tga_rebuild(AMOUNT, funded_by="banks")
    with pytest.raises(ValueError, match="bills_from"):
        ta.rrp_to_bills(AMOUNT, bills_from="fed")


def test_amount_scales_every_entry():
    assert ta.fed_changes(ta.qe_purchase(250))["reserves"] == 250


def test_t_account_table_has_both_sides_and_totals(ledger):
    table = ledger.t_account("Fed")
    assert list(table.columns.get_level_values(0).unique()) == ["Assets", "Liabilities and capital"]
    assert table.iloc[-1].tolist() == ["Total", "1,000", "Total", "1,000"]
    assert table[("Liabilities and capital", "account")].tolist()[:2] == ["reserves", "currency"]


def test_changes_table_shows_signed_net_changes_in_ledger_order(ledger):
    table = ledger.changes_table(ta.currency_growth(AMOUNT))
    assert [i for i in table.index if i] == ["Fed", "Banks", "Public"]
    fed = table.loc[:"Banks"].iloc[:-1]
    assert fed[("Liabilities and capital", "amount")].tolist()[:2] == ["−100", "+100"]
    assert fed.iloc[-1].tolist() == ["Total", "0", "Total", "0"]


def test_changes_table_for_one_step_and_for_no_net_change(ledger):
    entries = ta.qt_runoff(AMOUNT)
    step_one = ledger.changes_table(entries, step=ta.steps(entries)[0])
    assert [i for i in step_one.index if i] == ["Fed", "Treasury"]
    net = ledger.changes_table(entries)
    treasury_row = net.index.get_loc("Treasury")
    assert net.iloc[treasury_row][("Assets", "account")] == "(no net change)"


def test_t_accounts_stack_all_institutions(ledger):
    stacked = ledger.t_accounts()
    assert [i for i in stacked.index if i] == ["Fed", "Banks", "Treasury", "MMFs", "Public"]


def test_summary_table_one_row_per_operation():
    table = ta.summary_table({name: op(AMOUNT) for name, op in ta.OPERATIONS.items()})
    assert table.shape == (5, 5)
    assert table.loc["Currency growth", "currency"] == AMOUNT


def test_ledger_refuses_unbalanced_opening_books():
    with pytest.raises(ta.UnbalancedPosting, match="opening balances: X has assets 10 but liabilities and capital 9"):
        ta.Ledger({"X": {ta.ASSETS: {"a": 10}, ta.LIABILITIES: {"b": 9}}})
    with pytest.raises(ValueError, match="unique"):
        ta.Ledger({"X": {ta.ASSETS: {"a": 1}, ta.LIABILITIES: {"a": 1}}})
