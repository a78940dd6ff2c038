"""Which name a joined "who / which company" question is answered by: the thing the claims' close sentences keep
returning to, not a name one of them gives in passing (the analyst a sentence quotes, the partners it lists).
Made-up news in a real index (Chroma in tmp_path, the real embedding model)."""
from __future__ import annotations

import pytest

OUSTER = {
    "ousted.md": """# Orbis Air board removes its chief

By Ana Lind · Harbor Gazette · Published 2024-05-11

The board of Orbis Air removed Tomas Voss as chief executive on Friday, saying he had not been candid with it.

Voss founded the drone delivery company in 2016 and led it through three rounds of funding.

Voss's exit "is a shock, as he has been the face of" drone delivery, said Tidewater analyst Petra Holm.
""",
    "face.md": """# Drone delivery loses its best known champion

By Omar Reyes · Coastline Tech · Published 2024-05-12

Voss had become the face of drone delivery after his fleets began flying parcels over Portvale harbour.

Investors say Voss is already planning a new venture after his removal from Orbis Air.
""",
}


@pytest.fixture(scope="module")
def ouster(made_up_index):
    return made_up_index("described", OUSTER)


def test_the_name_the_close_sentences_keep_returning_to_is_the_answer_not_a_quoted_speaker(ouster):
    a = ouster.ask("Who was removed from Orbis Air according to Harbor Gazette and is described by Coastline Tech "
                   "as the face of drone delivery?")
    assert not a.abstained, a.note
    assert a.value == ["Tomas Voss"]
    assert {c.publisher for c in a.citations} == {"Harbor Gazette", "Coastline Tech"}


LIVE = {
    "live.md": """# Rovers vs. Gulls live updates from 'Harbour Night Live'

By Ana Lind · Harbor Gazette · Published 2024-06-02

9:41 p.m. — The Rovers are using their last two timeouts, but they have little left once this reaches fourth down.

9:20 p.m. — They could settle for a field goal here, and it is early enough that they probably will.

The new man under centre for the Rovers, Eli Brandt, keeps producing the results they had with Tom Quist.
""",
    "gulls.md": """# Gulls look ahead to the play-offs

By Omar Reyes · Harbor Gazette · Published 2024-06-04

The Gulls rested their starters in the second half and will open the play-offs at home next week.
""",
}


def test_a_name_counts_as_spoken_of_where_a_sentence_says_it_not_where_the_title_does(made_up_index):
    # Every sentence of the live blog speaks of someone by "they", and its title names the broadcast: the sentences
    # name the team, and the team is what they describe.
    a = made_up_index("live", LIVE).ask(
        "Which team, according to Harbor Gazette, used its last timeouts, could settle for a field goal, and keeps "
        "producing results with Eli Brandt or Tom Quist under centre?")
    assert not a.abstained, a.note
    assert a.value == ["Rovers"]
