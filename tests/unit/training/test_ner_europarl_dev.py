"""The public Europarl NER dev set's builder (training/ner/ood/europarl.py), on text of ours."""

from __future__ import annotations

from .scripts import load_script


def test_sentences_are_grouped_into_documents_for_the_scorer() -> None:
    europarl = load_script("training/ner/ood/europarl.py", "ner_europarl_dev")
    text = "\n\n".join(f"Word{i}\tO\nParis\tB-LOC" for i in range(5)) + "\n\n\n"
    out = europarl.documents(text, per_doc=2)
    docs = [d for d in out.split("-DOCSTART- O\n") if d.strip()]
    assert [d.count("Paris\tB-LOC") for d in docs] == [2, 2, 1]
    assert out.count("Word") == 5 and "\n\n\n" not in out
