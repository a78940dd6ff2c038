"""The independent re-check: quotes and numbers are verified against the files themselves, with the real loader."""
from pathlib import Path

import pytest

from assistant.types import Answer, Citation
from eval.recheck import SourceTexts, number_values, recheck_answer, split_sentences

ROOT = Path(__file__).resolve().parent.parent
RELEASE = """Acme Robotics Reports Second Quarter 2024 Results
BOSTON, Aug. 1, 2024 -- Acme Robotics today announced results for the quarter ended June 30, 2024.
Revenue was $84.2 million, up 12.5% from $74.8 million a year earlier, said Dana Ruiz, the CFO.
Operating Data
Three months ended June 30, 2024
Robots shipped
1,204
Service contracts
311
"""


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> SourceTexts:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "acme.txt").write_text(RELEASE, encoding="utf-8")
    return SourceTexts(folder)


def cite(sources: SourceTexts, n: int, needle: str, **table) -> Citation:
    text = sources.get("acme").text
    start = text.index(needle)
    return Citation(n, "acme", "Acme", None, None, None, needle, start, start + len(needle), **table)


def test_a_faithful_prose_answer_passes(sources):
    c = cite(sources, 1, "Revenue was $84.2 million, up 12.5% from $74.8 million a year earlier")
    answer = Answer("Acme's revenue was $84.2 million, up 12.5% [1].", False, [c])
    check = recheck_answer(answer, sources)
    assert check.passed, check.problems
    assert (check.quotes, check.quotes_ok, check.numbers, check.numbers_ok) == (1, 1, 2, 2)


def test_a_number_the_quote_does_not_hold_fails(sources):
    c = cite(sources, 1, "Revenue was $84.2 million")
    check = recheck_answer(Answer("Revenue was $84.3 million [1].", False, [c]), sources)
    assert not check.passed
    assert check.numbers_ok == 0 and "84.3" in check.problems[0]


def test_a_quote_that_is_not_the_source_text_fails_even_if_numbers_match(sources):
    c = cite(sources, 1, "Revenue was $84.2 million")
    c.quote = "Revenue was $84.2 million, a record"
    check = recheck_answer(Answer("Revenue was $84.2 million [1].", False, [c]), sources)
    assert check.quotes_ok == 0 and not check.passed


def test_a_citation_to_a_document_not_in_the_corpus_fails(sources):
    c = cite(sources, 1, "Revenue was $84.2 million")
    c.doc_id = "elsewhere"
    assert not recheck_answer(Answer("Revenue was $84.2 million [1].", False, [c]), sources).passed


def test_numbers_must_be_in_the_sentences_own_citations(sources):
    c1 = cite(sources, 1, "Revenue was $84.2 million")
    c2 = cite(sources, 2, "said Dana Ruiz, the CFO")
    text = "Dana Ruiz is the CFO [2]. Revenue was $84.2 million [2]."
    check = recheck_answer(Answer(text, False, [c1, c2]), sources)
    assert not check.passed and check.sentences[1].unsupported == ["84.2"]


def test_a_table_cell_is_grounded_by_its_row_and_the_tables_headers(sources):
    doc = sources.get("acme")
    assert doc.tables, "the loader should rebuild the operating data table"
    table = doc.tables[0]
    row = next(r for r in table.rows if r.label == "Robots shipped")
    c = Citation(1, "acme", "Acme", None, None, None, doc.text[row.start:row.end], row.start, row.end,
                 table=table.caption, row=row.label, column=table.columns[0])
    good = Answer("Acme shipped 1,204 robots in the three months ended June 30, 2024 [1].", False, [c])
    assert recheck_answer(good, sources).passed
    bad = Answer("Acme shipped 1,204 robots in the three months ended June 30, 2023 [1].", False, [c])
    assert recheck_answer(bad, sources).sentences[0].unsupported == ["2023"]
    c.column = "Six months ended June 30, 2024"  # not a header of the table
    assert not recheck_answer(good, sources).passed


def test_a_derived_figure_passes_only_when_it_recomputes(sources):
    c = cite(sources, 1, "Revenue was $84.2 million, up 12.5% from $74.8 million a year earlier")
    good = Answer("Revenue grew by $9.4 million (84.2 − 74.8) [1].", False, [c])
    assert recheck_answer(good, sources).passed
    pct = Answer("Revenue grew 12.6% ((84.2 − 74.8) / 74.8) [1].", False, [c])
    assert recheck_answer(pct, sources).passed
    negatives = Answer("Revenue changed by -11.16% ((-74.8 - (-84.2)) / (-84.2)) [1].", False, [c])
    assert recheck_answer(negatives, sources).passed
    stated = Answer("Revenue rose $9.4 million, from $74.8 million to $84.2 million (84.2 - 74.8 = 9.4) [1].", False,
                    [c])
    assert recheck_answer(stated, sources).passed
    tampered = Answer("Revenue grew by $9.9 million (84.2 − 74.8) [1].", False, [c])
    assert recheck_answer(tampered, sources).sentences[0].unsupported == ["9.9"]
    invented_input = Answer("Revenue grew by $10.0 million (84.8 − 74.8) [1].", False, [c])
    assert not recheck_answer(invented_input, sources).passed


def test_abstentions_have_nothing_to_recheck(sources):
    assert recheck_answer(Answer("The documents do not say.", True), sources).passed


def test_sentences_keep_their_markers_and_abbreviations_do_not_split():
    text = "The U.S. cut 5% of tariffs [1]. Mr. Fan said 84% [2][3]. Shipments rose 231.3%."
    assert split_sentences(text) == [
        ("The U.S. cut 5% of tariffs [1].", [1]),
        ("Mr. Fan said 84% [2][3].", [2, 3]),
        ("Shipments rose 231.3%.", []),
    ]
    # A marker after the full stop is the sentence's, whatever the next sentence opens with ("-- After ...").
    pieces = split_sentences("He ran 157 yards. [1] -- After a rest, he needs 153 more. [2]")
    assert all(1 in markers for piece, markers in pieces if "157" in piece)


def test_numbers_glued_to_currency_count_but_model_names_do_not():
    assert [p for p, _ in number_values("RMB525.3 million (US$72.4 million) in Q1 2025, H20 chips, (292,721)")] == [
        "525.3", "72.4", "2025", "292,721"]


def test_seed_table_citation_rechecks_from_the_seed_file():
    sources = SourceTexts(ROOT / "data" / "seed")
    doc = sources.get("000_b0066b739383cb33")
    table = next(t for t in doc.tables if "BALANCE SHEETS" in t.caption)
    row = next(r for r in table.rows if r.label == "Inventories")
    col = next(i for i, h in enumerate(table.columns) if "March 31, 2025" in h and "RMB" in h)
    c = Citation(1, doc.doc_id, doc.title, None, None, None, doc.text[row.start:row.end], row.start, row.end,
                 table=table.caption, row=row.label, column=table.columns[col], units="RMB thousands")
    text = f"Inventories were RMB {row.cells[col]} thousand as of March 31, 2025 [1]."
    assert recheck_answer(Answer(text, False, [c]), sources).passed
    wrong = Answer("Inventories were RMB 498,974 thousand as of March 31, 2025 [1].", False, [c])
    assert not recheck_answer(wrong, sources).passed
