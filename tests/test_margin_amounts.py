"""A margin, a share or a stake is a measure a report may print as an amount as well as a percentage: asked without
the word "percent", a line printing it as an amount answers with that amount, while a line printing it as a
percentage still comes first. Made-up reports ingested through the real pipeline."""
from __future__ import annotations

import pytest

from assistant.question import says_percent

QUARTERS = """<!DOCTYPE html><html><head><title>Corvid Pumps quarterly results</title></head><body>
<article><h1>Corvid Pumps quarterly results</h1>
<p>Quarterly results of operations, unaudited, in thousands of dollars.</p>
<table>
<thead><tr><th></th><th>First</th><th>Second</th><th>Third</th><th>Fourth</th></tr></thead>
<tbody>
<tr><td>Net sales</td><td>$88,410</td><td>$91,022</td><td>$86,305</td><td>$90,118</td></tr>
<tr><td>Contribution margin</td><td>$30,217</td><td>$32,904</td><td>$29,880</td><td>$31,456</td></tr>
<tr><td>Net earnings</td><td>$7,115</td><td>$8,402</td><td>$6,390</td><td>$7,977</td></tr>
</tbody></table>
</article></body></html>
"""

BOTH = """<!DOCTYPE html><html><head><title>Osprey Textiles selected data</title></head><body>
<article><h1>Osprey Textiles selected data</h1>
<p>Selected financial data, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Revenue</td><td>412.6</td><td>398.1</td></tr>
<tr><td>Operating income</td><td>51.4</td><td>47.9</td></tr>
<tr><td>Operating margin</td><td>12.5%</td><td>12.0%</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def margins(made_up_index):
    return made_up_index("margins", {"quarters.html": QUARTERS, "both.html": BOTH})


def test_a_margin_printed_as_an_amount_answers_with_the_amount(margins):
    answer = margins.ask("What was the contribution margin in the second quarter?", doc_ids=["quarters"])
    assert answer.value == ["$32,904"]
    assert [c.row for c in answer.citations] == ["Contribution margin"]


def test_a_margin_printed_as_a_percentage_is_still_the_percentage(margins):
    answer = margins.ask("What was the operating margin in 2019?", doc_ids=["both"])
    assert answer.value == ["12.5%"]


@pytest.mark.parametrize("question, outright", [
    ("What was the gross margin in 2019?", False),
    ("What was its share of revenue?", False),
    ("What percentage of revenue was the gross margin?", True),
    ("What was the gross margin %?", True),
    ("By how many per cent did sales rise?", True),
])
def test_a_percentage_said_outright(question, outright):
    assert says_percent(question) is outright


ROLL_FORWARD = """<!DOCTYPE html><html><head><title>Petrel Instruments goodwill</title></head><body>
<article><h1>Petrel Instruments goodwill</h1>
<p>Goodwill by operating segment, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>Dec 31, 2018</th><th>Acquisitions</th><th>Disposals</th><th>Dec 31, 2019</th></tr></thead>
<tbody>
<tr><td>Sensors</td><td>$2,310</td><td>$640</td><td>$(25)</td><td>$2,925</td></tr>
<tr><td>Controls</td><td>1,115</td><td>—</td><td>(40)</td><td>1,075</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def roll_forward(made_up_index):
    return made_up_index("roll-forward", {"goodwill.html": ROLL_FORWARD})


def test_a_movement_column_is_of_the_period_its_balance_closes(roll_forward):
    answer = roll_forward.ask("How much goodwill did acquisitions add to Sensors in 2019?")
    assert answer.value == ["$640"]
    assert [c.column for c in answer.citations] == ["Acquisitions"]
    # the balance asked for a year is still the year's closing column
    assert roll_forward.ask("What was the goodwill of Sensors in 2019?").value == ["$2,925"]


@pytest.mark.parametrize("columns, j, closing", [
    (["Dec 31, 2018", "Acquisitions", "Disposals", "Dec 31, 2019"], 1, 3),
    (["Dec 31, 2018", "Acquisitions", "Disposals", "Dec 31, 2019"], 2, 3),
    (["Dec 31, 2018", "Acquisitions", "Disposals", "Dec 31, 2019"], 3, None),
    (["2019", "2018", "Change"], 2, None),  # after both periods: between no balances
    (["2019", "Change", "2018"], 1, None),  # the later period on the left: no roll-forward
])
def test_the_closing_column_of_a_movement(columns, j, closing):
    from assistant.columns import closing_column

    assert closing_column(columns, j) == closing
