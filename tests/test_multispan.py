"""Several figures in one answer: a row's figures in the periods asked ("in 2019 and 2018 respectively"), the years
a row is given for ("In which years was X recorded?"), and a Total row named by a question, listed, not summed."""
from __future__ import annotations

import pytest

from assistant.derive import _Deriver, frame, operation
from assistant.question import analyse
from assistant.words import Scorer
from ingest.load import load_file

HTML = """<!DOCTYPE html><html><head><title>Orrin Tools annual report</title></head><body><article>
<h1>Orrin Tools annual report</h1>
<p>Results of operations, in millions of dollars.</p>
<table>
<thead><tr><th></th><th>2019</th><th>2018</th><th>2017</th></tr></thead>
<tbody>
<tr><td>Net sales</td><td>$412.5</td><td>$398.0</td><td>$377.1</td></tr>
<tr><td>Operating loss carryforward</td><td>73.2</td><td>57.7</td><td>—</td></tr>
<tr><td>Dividend yield</td><td>4.5%</td><td>4.6%</td><td>4.1%</td></tr>
<tr><td>Total operating expense</td><td>31.8</td><td>18.5</td><td>17.9</td></tr>
</tbody></table>
</article></body></html>
"""


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    path = tmp_path_factory.mktemp("multispan") / "orrin.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_file(path)[0]
    return frame(doc, doc.tables[0])


def ask(f, question: str):
    q = analyse(question)
    return _Deriver(q, operation(q.text), Scorer({}, 1)).run([f])


@pytest.mark.parametrize("question,value,scale", [
    ("What was the operating loss carryforward amount in 2019 and 2018 respectively?", ["73.2", "57.7"], "million"),
    ("What are the respective dividend yield in 2017 and 2018?", ["4.1%", "4.6%"], "percent"),
    ("What was the net sales in 2018 and 2019?", ["$398.0", "$412.5"], "million"),
    ("What was the Total operating expense in 2019 and 2018?", ["31.8", "18.5"], "million"),
])
def test_a_rows_figures_in_the_periods_asked_in_their_order(table, question, value, scale):
    draft = ask(table, question)
    assert draft is not None and draft.value == value and draft.scale == scale
    (sentence, evidence), = draft.sentences
    assert len({(ev.row, ev.column) for ev in evidence}) == len(value)
    assert "+" not in sentence


def test_which_years_a_row_is_given_for(table):
    draft = ask(table, "In which years was the operating loss carryforward recorded?")
    assert draft is not None and draft.value == ["2019", "2018"]  # 2017 prints a dash: no figure that year


def test_which_years_the_table_covers(table):
    draft = ask(table, "Which years does the table provide information for?")
    assert draft is not None and sorted(draft.value) == ["2017", "2018", "2019"]


def test_a_total_asked_as_such_is_still_a_sum():
    assert operation("What is the total of net sales in 2019 and 2018?") == "sum"
    assert operation("What was the net income in 2019 and 2018 respectively?") == "list"
    assert operation("In which years was net income above $30 million?") == "compare"
