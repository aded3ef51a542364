"""Questions encoded without torch: the ONNX export made at the first ingest, its agreement with
torch, a new process that answers without importing torch, and torch when there is no export."""

import json
import logging
import subprocess
import sys

import numpy as np

from index.embed.query import AGREE, MANIFEST

QUESTIONS = [
    "What is the nickname of Scaloni's team?",
    "How fast was the DART spacecraft travelling when it struck the moonlet Dimorphos?",
    "when did notre-dame reopen",
    "Who took over the rebuilding project after Georgelin died?",
]


def test_the_first_ingest_exports_the_model_for_questions_and_its_vectors_match_torchs(sample_engine):
    models = sample_engine.settings.data_dir / "models"
    manifest = json.loads((models / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["model"] == sample_engine.settings.model
    assert (models / manifest["onnx"]).is_file() and (models / manifest["tokenizer"]).is_file()
    for question in QUESTIONS:
        exported = sample_engine.encode_question(question)
        assert float(exported @ sample_engine.embedder.encode_query(question)) >= AGREE
        assert exported.dtype == np.float32 and abs(float(np.linalg.norm(exported)) - 1) < 1e-5


def test_a_new_ask_process_answers_without_importing_torch(cli_sample_index):
    data_dir, ingested = cli_sample_index
    assert ingested.returncode == 0, ingested.stderr
    script = (
        "import sys\n"
        "from index.cli import main\n"
        "sys.argv = ['newsbot', 'ask', 'What is the nickname of Scaloni\\'s team?']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
    )
    env = {"NEWSBOT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "La Scaloneta" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "False False"


def test_without_an_export_questions_are_encoded_with_torch(tmp_path, sample_news, caplog):
    from index import Engine, Settings

    engine = Engine(Settings(data_dir=tmp_path, question_encoder="torch", _env_file=None))
    engine.ingest([sample_news])
    assert not (tmp_path / "models" / MANIFEST).exists()
    caplog.set_level(logging.INFO)
    onnx = Engine(Settings(data_dir=tmp_path, question_encoder="onnx", _env_file=None))
    assert onnx.encode_question == onnx.embedder.encode_query
    assert "encoded with torch" in caplog.text
    assert onnx.ask("What is the nickname of Scaloni's team?").marked == ["La Scaloneta"]


def test_a_reindex_keeps_a_current_export_and_makes_a_damaged_one_again(tmp_path, sample_news, caplog):
    from index import Engine, Settings

    settings = Settings(data_dir=tmp_path, question_encoder="onnx", _env_file=None)
    Engine(settings).ingest([sample_news])
    models = tmp_path / "models"
    exported = models / json.loads((models / MANIFEST).read_text(encoding="utf-8"))["onnx"]
    made = exported.stat().st_mtime_ns
    Engine(settings).reindex()
    assert exported.stat().st_mtime_ns == made  # exporting holds the interpreter: not at every reindex

    exported.write_bytes(b"\x00 not what it was")
    caplog.set_level(logging.INFO)
    engine = Engine(settings)
    assert engine.encode_question == engine.embedder.encode_query
    assert "encoded with torch" in caplog.text
    assert engine.ask("What is the nickname of Scaloni's team?").answered
    engine.reindex()
    again = Engine(settings)
    question = QUESTIONS[0]
    assert float(again.encode_question(question) @ engine.embedder.encode_query(question)) >= AGREE


def test_a_damaged_manifest_falls_back_to_torch(tmp_path, sample_news, caplog):
    from index import Engine, Settings

    settings = Settings(data_dir=tmp_path, question_encoder="onnx", _env_file=None)
    Engine(settings).ingest([sample_news])
    (tmp_path / "models" / MANIFEST).write_text("{not json", encoding="utf-8")
    caplog.set_level(logging.INFO)
    engine = Engine(settings)
    assert engine.encode_question == engine.embedder.encode_query
    assert engine.ask("What is the nickname of Scaloni's team?").marked == ["La Scaloneta"]
