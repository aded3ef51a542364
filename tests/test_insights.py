"""What readers ask that the news doesn't answer: questions kept 30 days, votes once per voter under
a keyed hash, rewordings of one question counted together, and nothing kept when storing is off."""

from datetime import UTC, datetime, timedelta

import pytest

from index.answer.insights import same_questions
from index.engine import Engine
from index.settings import Settings

SERVER = 4242
# rewordings of one question, and other questions on the same subjects
SAME = [
    ("When does the Marsh road bridge reopen?", "When will the Marsh road bridge open again?"),
    ("Who won the county craft prize?", "Who was the winner of the county craft prize?"),
    ("How much do ferry fares rise?", "By how much are the ferry fares going up?"),
]
DIFFERENT = [
    ("When does the Marsh road bridge reopen?", "Why did the Marsh road bridge close?"),
    ("Where is the harvest festival held?", "When is the harvest festival held?"),
    ("How much do ferry fares rise?", "When do the new ferry fares start?"),
]


@pytest.fixture
def engine(tmp_path, backend) -> Engine:
    return Engine(Settings(data_dir=tmp_path, question_encoder="onnx", _env_file=None))


@pytest.mark.parametrize(("first", "second"), SAME)
def test_a_question_reworded_counts_as_the_same_question(sample_engine, first, second):
    [group] = same_questions([second, first], sample_engine.encode_question)
    assert group.times == 2 and group.question == second and group.wordings == [second, first]


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_another_question_on_the_same_subject_is_not_the_same(sample_engine, first, second):
    assert len(same_questions([second, first], sample_engine.encode_question)) == 2


def test_insights_count_the_questions_and_list_the_unanswered_most_asked_first(engine):
    newsroom = engine.newsroom
    for question, answered in [
        ("When does the Marsh road bridge reopen?", False),
        ("Who won the county craft prize?", True),
        ("When will the Marsh road bridge open again?", False),
        ("Why did the mill close?", False),
    ]:
        newsroom.record_question(SERVER, question, answered)
    newsroom.record_question(SERVER + 1, "Asked in another server?", False)
    found = newsroom.insights(SERVER)
    assert (found.asked, found.answered, found.share_answered) == (4, 1, 0.25)
    assert [(u.question, u.times) for u in found.unanswered] == [
        ("When will the Marsh road bridge open again?", 2),
        ("Why did the mill close?", 1),
    ]


def test_questions_older_than_thirty_days_are_deleted(engine):
    questions = engine.store.questions
    questions.add(SERVER, "An old question?", False, now=datetime.now(UTC) - timedelta(days=31))
    questions.add(SERVER, "A new question?", False)
    kept = engine.store.questions.database.rows("SELECT question FROM questions")
    assert [row[0] for row in kept] == ["A new question?"]


def test_a_vote_is_kept_once_per_voter_without_their_id(engine):
    newsroom = engine.newsroom
    asked = newsroom.record_question(SERVER, "Who won the county craft prize?", True)
    quotes = ["The Kiln street pottery won the county craft prize. [1]"]
    voter, other = 111222333444555666, 999888777666555444
    assert newsroom.vote(asked, voter, up=True, quotes=quotes)
    assert newsroom.vote(asked, voter, up=False, quotes=quotes)  # changed their mind: one vote
    assert newsroom.insights(SERVER).voted_down[0].votes == 1
    assert newsroom.vote(asked, other, up=True, quotes=quotes)
    assert newsroom.insights(SERVER).voted_down == []  # one down, one up
    newsroom.vote(asked, 123, up=False, quotes=quotes)
    [down] = newsroom.insights(SERVER).voted_down
    assert (down.question, down.quotes, down.votes) == ("Who won the county craft prize?", quotes, 2)
    voters = [row[0] for row in engine.store.questions.database.rows("SELECT voter FROM votes")]
    assert len(voters) == 3 and not any(str(voter) in v or str(other) in v for v in voters)
    assert not newsroom.vote(asked + 1000, voter, up=True, quotes=quotes)  # no such question kept


def test_with_storing_off_nothing_of_a_question_is_kept(tmp_path, backend):
    engine = Engine(Settings(data_dir=tmp_path, store_questions=False, _env_file=None))
    assert engine.newsroom.record_question(SERVER, "Who won the county craft prize?", False) is None
    assert not engine.newsroom.vote(1, 111, up=False, quotes=["x"])
    assert engine.store.questions.database.rows("SELECT COUNT(*) FROM questions") == [(0,)]
