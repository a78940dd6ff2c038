"""Whose answer it is: a figure asked without naming anyone, while documents about several are in scope, is said
for the one it belongs to. Made-up releases, real index and model."""
from assistant.subject import subject
from ingest.types import Document

KESTREL = """Kestrel Bank reports higher profit

Kestrel Bank reported net income of $1.2 billion for 2023. The bank employs 14,000 people across nine countries.
"""
HARROW = """Harrow Mutual posts record year

Harrow Mutual reported net income of $640 million for 2023. Chief executive Ian Pryce said deposits grew 11% in
the year.
"""


def doc(title, text):
    return Document(doc_id="d", source="s", sha256="", text=text, title=title)


def test_a_documents_subject_is_the_title_name_its_text_repeats():
    assert subject(doc("Kestrel Bank reports higher profit", KESTREL)) == "Kestrel Bank"
    assert subject(doc("Arden Foods Reports Third Quarter Results",
                       "Arden Foods Reports Third Quarter Results\nArden Foods said sales rose. Arden Foods also ...")) \
        == "Arden Foods"
    assert subject(doc("Annual report extract 12", "Revenue rose in the year.")) is None


def test_a_figure_asked_of_no_one_says_whose_it_is(made_up_index):
    a = made_up_index("subjects", {"kestrel.txt": KESTREL, "harrow.txt": HARROW})
    employ = a.ask("How many people does the bank employ?")
    assert not employ.abstained and employ.text.startswith("For Kestrel Bank: ") and employ.value == ["14,000"]
    grew = a.ask("How much did deposits grow?")
    assert grew.text.startswith("For Harrow Mutual: ")
    # A question that names whom it asks about needs no such lead.
    named = a.ask("How many people does Kestrel Bank employ?")
    assert not named.text.startswith("For ")
