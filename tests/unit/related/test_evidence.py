"""A related link needs evidence beyond one shared rare word (scoring.evidence): pairs that
must not link, and pairs that must."""

from __future__ import annotations

from collections import Counter

from articles.related.document import analyse, record_of
from articles.related.scoring import compare, evidence, rank
from articles.related.text import features
from articles.related.weights import DEFAULT_TUNING, DfModel

from .texts import QUILL_1, QUILL_3, STORIES

SCISSORS = ("Economist warns on outbound investment rules",
            "Washington economist Derek Scissors said on Tuesday that new rules on outbound investment "
            "would take years to bite. Scissors, a fellow at a research institute, has tracked Chinese "
            "deals abroad for a decade and expects the rules to be challenged in court.")
KEYBOARD = ("Laptop maker returns to the scissor keyboard",
            "The company said its new laptops bring back a scissor switch under every key, after complaints "
            "that the thinner butterfly design jammed when dust got in. Reviewers praised the deeper travel "
            "and quieter typing of the scissor mechanism.")
SPACE = ("Startup rents desk space to remote workers",
         "A startup in Leeds rents desk space by the hour to remote workers who want a quiet office, "
         "with coffee and printers included in the price.")
TELESCOPE = ("Agency picks launch date for space telescope",
             "The telescope will be launched into space next spring on a heavy rocket, the agency said, "
             "after a mirror test found no flaws.")
HOCKEY = ("Ice hockey club keeps its coach",
          "The ice hockey club will keep its coach for another season; he drove to training in a borrowed car "
          "after the team bus broke down.")
ROADS = ("Drivers warned of ice on rural roads",
         "Motorists should keep their distance and check each car for ice before setting out, the council said, "
         "as temperatures fall below zero overnight.")
# everyday copy: in a real corpus "keep", "car", "ice" and "space" are common words
FILLER = {f"filler-{i}": (f"Local notes {i}", text) for i, text in enumerate([
    "Residents were asked to keep the car park clear while the ice rink is resurfaced.",
    "The shop will keep longer hours and has more space for car seats and prams.",
    "Volunteers keep the community garden tidy and want space for a second shed.",
    "A car was towed after it blocked the space outside the school; police asked drivers to keep calm.",
    "The ice cream van will keep its usual route, the council said, despite the car parking changes.",
    "Office space in the town centre is scarce, and commuters keep complaining about car parking.",
    "Heavy rain left ice on the pavements; keep to the gritted paths, residents were told.",
    "The library will keep a quiet space for students during exams and lend a car charging cable.",
])}
MUST_NOT_LINK = [(SCISSORS, KEYBOARD), (SPACE, TELESCOPE), (HOCKEY, ROADS)]
EXTRA = {"scissors": SCISSORS, "keyboard": KEYBOARD, "space": SPACE, "telescope": TELESCOPE,
         "hockey": HOCKEY, "roads": ROADS}


def model() -> DfModel:
    df: Counter[str] = Counter()
    stories = {**STORIES, **EXTRA, **FILLER}
    for title, body in stories.values():
        df.update(set(features(title, body).tf))
    return DfModel(len(stories), exact=dict(df))


def test_one_shared_word_does_not_link() -> None:
    m = model()
    for a, b in MUST_NOT_LINK:
        for query, other in ((a, b), (b, a)):
            doc = record_of("other", other[0], None, "h", analyse(*other), m, {}, 0, DEFAULT_TUNING)
            match = compare(analyse(*query), doc, m, DEFAULT_TUNING)
            assert match.score > 0, "the pair shares a word: the test must exercise the rule"
            assert match.evidence is None, (query[0], other[0], match)
            assert rank(analyse(*query), [doc], m, DEFAULT_TUNING, 10) == []
            # a keyword search needs no evidence
            assert rank(analyse(*query), [doc], m, DEFAULT_TUNING, 10, require_evidence=False) \
                or match.score < DEFAULT_TUNING.min_score


def test_the_same_story_still_links() -> None:
    m = model()
    doc = record_of("quill-1", QUILL_1[0], None, "h", analyse(*QUILL_1), m, {}, 0, DEFAULT_TUNING)
    (match,) = rank(analyse(*QUILL_3), [doc], m, DEFAULT_TUNING, 10)
    assert match.article_id == "quill-1" and match.evidence is not None


def test_the_rule() -> None:
    t = DEFAULT_TUNING
    strong, weak = t.evidence_contribution, t.evidence_contribution / 2
    assert evidence({"scissor": 0.4}, set(), [], t) is None  # one rare word, however heavy
    assert evidence({"scissor": 0.4}, {"scissor"}, [], t) is None  # a lone name never counts
    assert evidence({"scissor": 0.4, "key": weak}, {"scissor"}, [], t) is None
    assert evidence({"scissor": 0.4, "trade": strong}, {"scissor"}, [], t) == "shared name and terms"
    assert evidence({"reid": 0.2, "tara": 0.2}, {"reid", "tara"}, [], t) == "shared names"
    assert evidence({"tara reid": 0.3}, {"tara reid"}, ["tara reid"], t) == "shared name phrase"
    assert t.evidence_terms == 2  # ECB+ dev: 3 lost same-story links (MAP@10 0.916 < 0.92), 2 keeps 0.920
    assert evidence({"ice": strong, "keep": weak, "car": weak}, set(), [], t) is None
    assert evidence({"ice": strong, "keep": strong, "car": weak}, set(), [], t) == "several strong terms"
    assert evidence({"ice": strong, "keep": strong, "car": weak}, set(), [], t,
                    rare=lambda term: term != "keep") is None  # common words are not evidence
