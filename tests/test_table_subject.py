""""What does the table show?" is answered by the prose line that introduces the table, not by its figures. Made-up
reports ingested through the real pipeline."""
from __future__ import annotations

import pytest

from assistant.table_subject import asks_table_subject

FOLLOWING = """<!DOCTYPE html><html><head><title>Marrowby Tools segment note</title></head><body>
<article><h1>Marrowby Tools segment note</h1>
<p>The following table shows capital expenditure by operating segment. Segment figures exclude corporate items.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Hand tools</td><td>1,204</td><td>1,118</td></tr>
<tr><td>Power tools</td><td>2,950</td><td>2,611</td></tr>
</tbody></table>
</article></body></html>
"""

AS_FOLLOWS = """<!DOCTYPE html><html><head><title>Quillon Shipping lease note</title></head><body>
<article><h1>Quillon Shipping lease note</h1>
<p>As of December 31, 2019, the undiscounted charter payments receivable were as follows:</p>
<p>The company had no charters that had not yet commenced.</p>
<table>
<thead><tr><th></th><th>Amount</th></tr></thead>
<tbody>
<tr><td>2020</td><td>48,300</td></tr>
<tr><td>2021</td><td>41,250</td></tr>
</tbody></table>
</article></body></html>
"""

HEADING_LINE = """<!DOCTYPE html><html><head><title>Tellmark Foods cash flows</title></head><body>
<article><h1>Tellmark Foods cash flows</h1>
<p>Cash used in investing activities for fiscal 2019 as compared to fiscal 2018:</p>
<p>Capital spending rose on the new bakery line, and the adjustments for the sale of the dairy unit may be read in
detail as follows:</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th></tr></thead>
<tbody>
<tr><td>Capital expenditure</td><td>(8,100)</td><td>(5,400)</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def notes(made_up_index):
    return made_up_index("table-subject", {"marrowby.html": FOLLOWING, "quillon.html": AS_FOLLOWS,
                                           "tellmark.html": HEADING_LINE})


def test_the_following_table_shows(notes):
    answer = notes.ask("What does the table show?", doc_ids=["marrowby"])
    assert answer.value == ["capital expenditure by operating segment"]
    assert answer.citations[0].table is None


def test_what_were_as_follows_is_what_the_table_shows(notes):
    answer = notes.ask("What does the table represent?", doc_ids=["quillon"])
    assert answer.value == ["undiscounted charter payments receivable"]


def test_a_line_of_its_own_ending_in_a_colon_names_the_table(notes):
    answer = notes.ask("What does this table show?", doc_ids=["tellmark"])
    assert answer.value == ["Cash used in investing activities for fiscal 2019 as compared to fiscal 2018"]


@pytest.mark.parametrize("question, asks", [
    ("What does the table show?", True),
    ("What does this table represent?", True),
    ("What financial information does the table show?", True),
    ("Which years does the table show?", False),
    ("What does the table show for revenue in 2019?", False),
])
def test_asks_what_the_table_shows(question, asks):
    assert asks_table_subject(question) is asks
