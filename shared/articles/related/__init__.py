"""Related-article linking, the pure part (no boto3): what the index stores and how it scores.

- ``text``: tokenisation, light stemming, name-like terms and capitalised phrases found from
  capitalisation (not from the entity tagger, which runs in parallel and may not be done).
- ``weights``: TF-IDF weights, the document-frequency model (exact counts for an article's
  probe terms, a frequent-term table, sampled counting for the rest), probe-term selection.
- ``minhash``: word shingles and bottom-k MinHash sketches for near-duplicates.
- ``document``: the compact per-article record the index keeps.
- ``scoring``: cosine re-scoring of candidates, neighbourhood re-ranking, reasons.
- ``crosslang``: related coverage across languages from shared canonical entity ids, made
  when read (the tag stage runs in parallel with the related stage).
- ``cli``: the ``eval_related.py --cmd`` plug-in (the real DynamoDB adapter on moto).

The DynamoDB adapter is ``articles.store.index.RelatedIndex``.
"""
