"""Factuality scores of an article's trigger words, computed once per parsed article.

Modality reads the score of each mention's trigger (:mod:`newsevents.extract.modality`).
Encoding sentences one mention at a time would cost an encoder call per mention; the first
request for a parsed article instead scores the head of every trigger in it, in one batch,
and keeps the scores on the ``Doc`` (as the toponym cache of :mod:`newsevents.nlp.places`
does). Each predicate is read in its own spaCy sentence, so that a long article costs
what its sentences cost.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsevents.extract.triggers import find_triggers
from newsevents.learn.factuality import factuality_many

_KEY = "newsevents.trigger_factuality"
#: The score of a trigger the model could not read: a fact, as most events of news text are.
UNSCORED = 3.0


def _items(heads: Sequence[Token]) -> list[tuple[str, int, int]]:
    out = []
    for tok in heads:
        sent = tok.sent
        start = tok.idx - sent.start_char
        out.append((sent.text, start, start + len(tok.text)))
    return out


def _score(heads: Sequence[Token]) -> dict[int, float]:
    heads = [t for t in heads if t.text.strip()]
    items = _items(heads)
    try:
        return dict(zip((t.i for t in heads), factuality_many(items), strict=True))
    except ValueError:
        # A context the model cannot read: score the others one by one rather than lose
        # the article (an unscored trigger is read as a fact, the news default).
        scored = {t.i: _one(item) for t, item in zip(heads, items, strict=True)}
        return {i: s for i, s in scored.items() if s is not None}


def _one(item: tuple[str, int, int]) -> float | None:
    try:
        return factuality_many([item])[0]
    except ValueError:
        return None


def _doc_scores(doc: Doc) -> dict[int, float]:
    scores: dict[int, float] | None = doc.user_data.get(_KEY)
    if scores is None:
        heads = {m.head.i: m.head for sent in doc.sents for m in find_triggers(sent)}
        scores = doc.user_data[_KEY] = _score([heads[i] for i in sorted(heads)])
    return scores


def trigger_factuality(head: Token) -> float:
    """The factuality score (-3..+3, :func:`newsevents.learn.factuality.factuality`) of the
    event whose trigger head is ``head``, read in its sentence."""
    scores = _doc_scores(head.doc)
    if head.i not in scores:
        # A head the trigger lexicon does not give (a mention built another way).
        scores.update(_score([head]))
    return scores.get(head.i, UNSCORED)
