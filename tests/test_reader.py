"""The reader: question and passage read together in windows, spans with their probability, and
the shipped int8 model answering as its export left it."""

import hashlib
import json
from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.answer.reader import Reader
from index.answer.reader.model import WEIGHTS, Scale, Scored
from index.answer.reader.windows import MAX_TOKENS, OVERLAP, load_tokenizer, token_span, windows

TOKENIZER = load_tokenizer(str(WEIGHTS / "reader-tokenizer.json"))
BRIDGE = (
    "The bridge over the river Lenne was opened on Saturday by the mayor, Ines Kowalczyk, after "
    "four years of building. It cost 31 million euros."
)


def test_a_short_passage_is_one_window_of_question_then_passage():
    [window] = windows(TOKENIZER, "Who opened the bridge?", [BRIDGE])
    assert len(window.ids) <= MAX_TOKENS
    assert TOKENIZER.id_to_token(int(window.ids[0])) == "[CLS]"
    assert set(window.types[: window.first]) == {0} and set(window.types[window.first :]) == {1}
    start, end = window.offsets[window.first][0], window.offsets[window.last - 1][1]
    assert BRIDGE[start:end] == BRIDGE


def test_a_long_passage_is_read_in_overlapping_windows_that_cover_every_token():
    passage = " ".join(f"Sentence number {n} says that the river rose by {n} centimetres." for n in range(60))
    found = windows(TOKENIZER, "How much did the river rise?", [passage])
    assert len(found) > 1 and all(len(w.ids) <= MAX_TOKENS for w in found)
    covered = [tuple(o) for w in found for o in w.offsets[w.first : w.last]]
    assert sorted(set(covered)) == [
        tuple(o) for o in TOKENIZER.encode(passage, add_special_tokens=False).offsets
    ]
    for before, after in pairwise(found):
        shared = {tuple(o) for o in before.offsets[before.first : before.last]} & {
            tuple(o) for o in after.offsets[after.first : after.last]
        }
        assert len(shared) == OVERLAP


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=1500), st.text(min_size=1, max_size=400))
def test_any_text_gives_windows_within_bounds_whose_answer_tokens_map_back_to_it(passage, question):
    for window in windows(TOKENIZER, question, [passage]):
        assert len(window.ids) <= MAX_TOKENS
        assert len(window.ids) == len(window.types) == len(window.offsets)
        for start, end in window.offsets[window.first : window.last]:
            span = token_span(window, int(start), int(end))
            assert span is not None and span[0] <= span[1]


def test_an_answer_maps_to_the_tokens_that_hold_it():
    [window] = windows(TOKENIZER, "Who opened the bridge?", [BRIDGE])
    start = BRIDGE.index("Ines Kowalczyk")
    first, last = token_span(window, start, start + len("Ines Kowalczyk"))
    assert BRIDGE[window.offsets[first][0] : window.offsets[last][1]] == "Ines Kowalczyk"


def _scored(question: str, passage: str, words: str, logit: float, null: float = 0.0) -> Scored:
    """The window of ``passage`` whose model points at ``words`` with ``logit`` at start and end,
    and at ``[CLS]`` with ``null``; 0 elsewhere."""
    [window] = windows(TOKENIZER, question, [passage])
    first, last = token_span(window, passage.index(words), passage.index(words) + len(words))
    start, end = np.zeros(len(window.ids)), np.zeros(len(window.ids))
    start[first], end[last] = logit, logit
    start[0], end[0] = null, null
    return Scored.of(window, start, end)


def test_spans_are_scored_against_the_window_saying_there_is_no_answer():
    scored = _scored("Who opened the bridge?", BRIDGE, "Ines Kowalczyk", 12.0)
    [best, *_] = scored.spans(Scale.over([scored]))
    assert BRIDGE[best.start : best.end] == "Ines Kowalczyk" and best.probability > 0.9
    doubted = _scored("Who opened the bridge?", BRIDGE, "Ines Kowalczyk", 12.0, null=20.0)
    assert doubted.spans(Scale.over([doubted])) == []  # the no-answer score beats every span


def test_windows_read_together_weigh_each_span_against_every_windows_spans():
    other = "The ferry leaves at seven. Its captain, Arne Voss, has sailed it for years."
    strong = _scored("Who opened the bridge?", BRIDGE, "Ines Kowalczyk", 12.0)
    weak = _scored("Who opened the bridge?", other, "Arne Voss", 8.0)
    alone = [s.spans(Scale.over([s]))[0].probability for s in (strong, weak)]
    assert min(alone) > 0.9  # each window alone: its best name is surely the answer
    together = Scale.over([strong, weak])
    assert strong.spans(together)[0].probability > 0.9
    assert not weak.spans(together)  # beside the stronger window's span, below what is reported


def test_the_shipped_reader_is_small_and_is_the_file_its_manifest_names():
    manifest = json.loads((WEIGHTS / "reader.json").read_text(encoding="utf-8"))
    model = WEIGHTS / manifest["model"]
    assert model.stat().st_size <= 30 * 2**20
    assert hashlib.sha256(model.read_bytes()).hexdigest() == manifest["sha256"]
    assert manifest["plan"]["seed"] is not None and manifest["training_seconds"] > 0


def test_the_shipped_reader_answers_as_its_export_left_it():
    from index.eval.reader.export import CHECKED, checked

    manifest = json.loads((WEIGHTS / "reader.json").read_text(encoding="utf-8"))
    now = checked(Reader())
    assert [c["answer"] for c in now] == [c["answer"] for c in manifest["checked"]]
    assert [c["probability"] for c in now] == [c["probability"] for c in manifest["checked"]]
    assert [c["question"] for c in now] == [q for q, _ in CHECKED]


def test_the_shipped_reader_finds_who_and_how_much_and_finds_nothing_in_an_unrelated_passage():
    reader = Reader()
    [who, *_] = reader.read("Who opened the new bridge?", [BRIDGE])
    assert (
        "Kowalczyk" in BRIDGE[who.start : who.end]
        and BRIDGE[who.start : who.end] in "the mayor, Ines Kowalczyk"
    )
    [cost, *_] = reader.read("How much did the bridge cost?", [BRIDGE])
    assert BRIDGE[cost.start : cost.end] == "31 million euros"
    weather = "Heavy rain closed three schools in the valley on Monday, and the roads to the pass stay shut."
    assert all(f.probability < 0.5 for f in reader.read("Who won the chess final?", [weather]))


def test_a_passage_is_read_the_same_whatever_it_is_read_with():
    """The int8 model scales activations over a batch: what a passage says must not depend on it."""
    reader = Reader()
    weather = "Heavy rain closed three schools in the valley on Monday, and the roads to the pass stay shut."
    passages = [BRIDGE, weather * 6, "The mayor spoke.", BRIDGE + " " + weather, weather, BRIDGE]
    together = reader.read("Who opened the new bridge?", passages)
    alone = [
        (n, f.start, f.end, f.probability)
        for n, passage in enumerate(passages)
        for f in reader.read("Who opened the new bridge?", [passage])
    ]
    assert sorted((f.passage, f.start, f.end) for f in together) == sorted(a[:3] for a in alone)
    probability = {a[:3]: a[3] for a in alone}
    assert all(abs(f.probability - probability[f.passage, f.start, f.end]) < 1e-6 for f in together)


def _ask_with_reader(newsbot_command, data_dir, folder):
    """``newsbot ask`` answered by the reader in ``folder``."""
    settings = {"NEWSBOT_READER": str(folder)}
    return newsbot_command.run(data_dir, "ask", "How tall is the new spire?", settings=settings)


def test_a_reader_folder_that_holds_no_reader_gets_a_one_line_error(
    cli_sample_index, newsbot_command, tmp_path
):
    data_dir, _ = cli_sample_index
    for folder in (tmp_path / "missing", WEIGHTS.parent):
        result = _ask_with_reader(newsbot_command, data_dir, folder)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"newsbot: no reader can be loaded from {folder}"), result.stderr


def test_a_damaged_model_file_gets_a_one_line_error(cli_sample_index, newsbot_command, tmp_path):
    data_dir, _ = cli_sample_index
    folder = tmp_path / "reader"
    folder.mkdir()
    for name in ("reader.json", "reader-tokenizer.json"):
        (folder / name).write_bytes((WEIGHTS / name).read_bytes())
    (folder / "reader-int8.onnx").write_bytes((WEIGHTS / "reader-int8.onnx").read_bytes()[:1000])
    result = _ask_with_reader(newsbot_command, data_dir, folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "reader-int8.onnx is not a model" in result.stderr


def test_the_reader_answers_when_the_settings_ask_for_it(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    result = _ask_with_reader(newsbot_command, data_dir, WEIGHTS)
    assert result.returncode == 0, result.stderr
    assert "Answer: 96 metres" in result.stdout and "Traceback" not in result.stderr
