"""Factuality scores of an article's trigger words, batched and kept on the parsed article.

Modality reads the score of each mention's trigger (:mod:`newsevents.extract.modality`).
Encoding sentences one mention at a time would cost an encoder call per mention; extraction
instead calls :func:`score_triggers` once per article with the triggers of the mentions that
can still make an event, which scores them in one batch and keeps the scores on the ``Doc``
(as the toponym cache of :mod:`newsevents.nlp.places` does). The model is the costliest step
of extraction, and most trigger words of an article belong to mentions that are dropped
before they could make an event (generic, without the evidence their word needs, a teaser
line), so only the triggers that matter are scored. A head asked for without having been
scored (a caller that reads one mention) is scored alone. Each predicate is read in its own
spaCy sentence, so that a long article costs what its sentences cost, and a score does not
depend on which other triggers share its batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

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
    if not heads:
        return {}
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
        scores = doc.user_data[_KEY] = {}
    return scores


def score_triggers(doc: Doc, heads: Iterable[Token]) -> None:
    """Score the trigger heads ``heads`` of ``doc`` not scored yet, in one batch, and keep
    the scores on ``doc`` for :func:`trigger_factuality`."""
    scores = _doc_scores(doc)
    wanted = {t.i: t for t in heads if t.i not in scores}
    scores.update(_score([wanted[i] for i in sorted(wanted)]))


def trigger_factuality(head: Token) -> float:
    """The factuality score (-3..+3, :func:`newsevents.learn.factuality.factuality`) of the
    event whose trigger head is ``head``, read in its sentence."""
    scores = _doc_scores(head.doc)
    if head.i not in scores:
        # Not given to score_triggers beforehand (a caller that reads one mention).
        scores.update(_score([head]))
    return scores.get(head.i, UNSCORED)
