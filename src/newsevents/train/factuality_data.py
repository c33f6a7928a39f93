"""The factuality gold data: UW + MEANTIME sentences with event predicates scored -3..+3.

``factuality-uw-meantime/factuality.jsonl`` in the shared data holds one sentence a line with
its PTB tokens, ``text`` (the tokens joined by single spaces), its corpus (``uw`` or
``meantime``), its source split and its annotated predicates (``token_index``,
``factuality``). Every line is validated; a bad one raises DataFileError naming the line.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsevents.errors import DataFileError

#: Where the data lies under the shared data folder.
DATA_FILE = Path("factuality-uw-meantime") / "factuality.jsonl"

Split = Literal["train", "dev", "test"]
Corpus = Literal["uw", "meantime"]


class EventLabel(BaseModel):
    """An annotated predicate: its token and its factuality score."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    token_index: int = Field(ge=0)
    factuality: float = Field(ge=-3.0, le=3.0)


class Sentence(BaseModel):
    """One line of the data file (the parse fields are not used and not kept)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    corpus: Corpus
    source_split: Split
    tokens: tuple[str, ...] = Field(min_length=1)
    text: str
    events: tuple[EventLabel, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Sentence:
        if self.text != " ".join(self.tokens):
            raise ValueError("text is not the tokens joined by spaces")
        for event in self.events:
            if event.token_index >= len(self.tokens):
                raise ValueError(f"token_index {event.token_index} is past the last token")
        return self


@dataclass(frozen=True)
class Example:
    """A predicate as the model sees it: a character span of a sentence, and its gold score."""

    sentence_id: str
    corpus: Corpus
    split: Split
    text: str
    start: int
    end: int
    target: float


def read_sentences(path: Path) -> list[Sentence]:
    """Every sentence of the data file, validated."""
    if not path.is_file():
        raise DataFileError(str(path), "not found (pass --data the shared data folder)")
    sentences: list[Sentence] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                sentences.append(Sentence.model_validate(orjson.loads(line)))
            except (orjson.JSONDecodeError, ValidationError) as exc:
                first = str(exc).strip().splitlines()
                raise DataFileError(f"{path}:{number}", " ".join(first[:3])) from None
    return sentences


def examples(sentences: Sequence[Sentence]) -> list[Example]:
    """The annotated predicates of ``sentences``, with character offsets into ``text``."""
    found: list[Example] = []
    for sentence in sentences:
        starts: list[int] = []
        position = 0
        for token in sentence.tokens:
            starts.append(position)
            position += len(token) + 1
        for event in sentence.events:
            start = starts[event.token_index]
            found.append(
                Example(
                    sentence_id=sentence.id,
                    corpus=sentence.corpus,
                    split=sentence.source_split,
                    text=sentence.text,
                    start=start,
                    end=start + len(sentence.tokens[event.token_index]),
                    target=event.factuality,
                )
            )
    return found


def sample(sentences: Sequence[Sentence], limit: int, seed: int) -> list[Sentence]:
    """At most ``limit`` sentences with events of each split, drawn with ``seed``, in file order."""
    chosen: set[str] = set()
    for split in ("train", "dev", "test"):
        ids = [s.id for s in sentences if s.source_split == split and s.events]
        chosen.update(random.Random(f"{seed}:{split}").sample(ids, min(limit, len(ids))))
    return [s for s in sentences if s.id in chosen]
