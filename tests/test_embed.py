"""The question path of the embedder: ONNX Runtime must give torch's vectors, and stay out of the way when it can't."""
from __future__ import annotations

import numpy as np

from ingest.embed import Embedder, get_embedder
from ingest.settings import IngestSettings, from_env

QUESTIONS = ["What was Hesai's net revenue in the first quarter of 2025?", "lidar", "Wer hat Gründungsjahr 1998?",
             "How many people does the Kotka plant employ, and when did it open? " * 4, "苹果公司的收入是多少？"]


def _torch(e: Embedder, texts: list[str]) -> np.ndarray:
    return e.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)


def test_questions_encode_in_onnx_runtime_to_the_vectors_torch_gives():
    e = get_embedder(from_env(IngestSettings).embed_model)
    assert e.wait_for_onnx() == "in use"
    for q in QUESTIONS:
        assert np.abs(e.encode_question(q) - _torch(e, [q])[0]).max() < 1e-5, q


def test_small_batches_of_mixed_lengths_encode_in_onnx_runtime_to_the_vectors_torch_gives():
    """The answerer's words and sentences go in a few batches of similar lengths: padding must not move a vector,
    and each text keeps its place."""
    e = get_embedder(from_env(IngestSettings).embed_model)
    assert e.wait_for_onnx() == "in use"
    texts = ["revenue", "The harbour's container volumes rose 4.2% in May.", "staff", "employees", *QUESTIONS,
             "Net loss narrowed to RMB 17.5 million from RMB 102.7 million a year earlier, the company said."]
    got = e.encode(texts)
    assert got.shape == (len(texts), e.dim)
    assert np.abs(got - _torch(e, texts)).max() < 1e-5


def test_a_model_without_mean_pooling_keeps_the_torch_path(tmp_path):
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(from_env(IngestSettings).embed_model)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64)
    BertModel(config).save_pretrained(tmp_path / "bert")
    tokenizer.save_pretrained(tmp_path / "bert")
    SentenceTransformer(modules=[Transformer(str(tmp_path / "bert")), Pooling(32, "cls")]).save(str(tmp_path / "st"))
    e = Embedder(str(tmp_path / "st"))
    assert e.wait_for_onnx().startswith("not used: ValueError: pipeline")
    q = [QUESTIONS[0]]
    want = SentenceTransformer(str(tmp_path / "st"), device="cpu").encode(q, normalize_embeddings=True)
    assert np.abs(e.encode_question(q[0]) - want[0]).max() < 1e-5
