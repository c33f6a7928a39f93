"""Training texts for the type models, each with its SATP-style attack types.

Every text is labelled with some of Armed Assault, Bombing/Explosion, Kidnapping and Other
(:data:`newsevents.decide.types_model.SATP_LABELS`):

- **SATP** (``satp-conflibert/satp.jsonl``): the event summaries marked relevant, with their
  own labels and their ``suggested_split`` (train, dev, test);
- **MUC-4 train** (``muc4/gtt/train.json``): for each answer-key template, the sentences that
  name its fillers (at most :data:`MUC_SENTENCES`), labelled by its incident type: attack is
  Armed Assault, bombing Bombing/Explosion, kidnapping Kidnapping, arson, robbery and forced
  work stoppage Other; templates told by the same sentences share one text with both labels;
- **GVDB** (``gvdb/gvdb.jsonl``): the sentences of a shooting article that hold an annotated
  victim or shooter (at most :data:`GVDB_SENTENCES`, else its first two), Armed Assault.

Articles of the coder-gold development set (``coder-gold/dev.jsonl``) are never read for
training, whatever set they come from. Every record is validated; a bad line raises
DataFileError naming it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsevents.decide.types_model import ARMED, BOMBING, KIDNAPPING, OTHER, SATP_LABELS
from newsevents.errors import DataFileError

SATP_FILE = Path("satp-conflibert") / "satp.jsonl"
MUC_FILE = Path("muc4") / "gtt" / "train.json"
GVDB_FILE = Path("gvdb") / "gvdb.jsonl"
CODER_FILE = Path("coder-gold") / "dev.jsonl"
#: Most sentences a MUC-4 template's or a GVDB article's text is made of.
MUC_SENTENCES = 3
GVDB_SENTENCES = 2
#: SATP labels of the MUC-4 incident types.
MUC_TYPES = {
    "attack": ARMED,
    "bombing": BOMBING,
    "kidnapping": KIDNAPPING,
    "arson": OTHER,
    "robbery": OTHER,
    "forced work stoppage": OTHER,
}

Split = Literal["train", "dev", "test"]
_M = TypeVar("_M", bound=BaseModel)
# Sentence ends: ., ! or ? followed by space (texts are lower-cased in MUC-4, so no capital).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class TypedText:
    """One training text: where it comes from, its split and its labels."""

    source: str
    id: str
    split: Split
    text: str
    labels: tuple[str, ...]


class _SatpRecord(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    text: str
    labels: tuple[str, ...]
    label_vector: tuple[int, int, int, int]
    relevant: bool
    suggested_split: Split

    @model_validator(mode="after")
    def _consistent(self) -> _SatpRecord:
        unknown = sorted(set(self.labels) - set(SATP_LABELS))
        if unknown:
            raise ValueError(f"unknown labels {unknown}")
        vector = tuple(int(label in self.labels) for label in SATP_LABELS)
        if vector != self.label_vector:
            raise ValueError(f"labels {list(self.labels)} disagree with {self.label_vector}")
        return self


class _Filler(BaseModel):
    """A MUC-4 template: its type and its role fillers (entities of [mention, offset])."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    incident_type: str
    PerpInd: tuple[tuple[tuple[str, int], ...], ...]
    PerpOrg: tuple[tuple[tuple[str, int], ...], ...]
    Target: tuple[tuple[tuple[str, int], ...], ...]
    Victim: tuple[tuple[tuple[str, int], ...], ...]
    Weapon: tuple[tuple[tuple[str, int], ...], ...]

    @model_validator(mode="after")
    def _known(self) -> _Filler:
        if self.incident_type not in MUC_TYPES:
            raise ValueError(f"unknown incident type {self.incident_type!r}")
        return self

    def offsets(self) -> list[int]:
        """Offsets of every filler mention."""
        roles = (self.PerpInd, self.PerpOrg, self.Target, self.Victim, self.Weapon)
        return [offset for role in roles for entity in role for _, offset in entity]


class _MucDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    docid: str = Field(min_length=1)
    doctext: str
    templates: tuple[_Filler, ...]


class _Span(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    start: int | None = None
    end: int | None = None


class _Person(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: _Span | None = None


class _GvdbDoc(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    victims: tuple[_Person, ...] = ()
    shooters: tuple[_Person, ...] = ()


class _CoderDoc(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    doc_id: str = Field(pattern=r"^[\w-]+:.+$")


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    if not path.is_file():
        raise DataFileError(str(path), "not found; give the shared data folder with --data")
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def _parse(path: Path, number: int, line: bytes, model: type[_M]) -> _M:
    try:
        return model.model_validate(orjson.loads(line))
    except (orjson.JSONDecodeError, ValidationError) as exc:
        raise DataFileError(f"{path}:{number}", str(exc).replace("\n", " ")) from None


def coder_gold_ids(data: Path) -> frozenset[str]:
    """``pool:id`` of every coder-gold development article (none when the file is absent)."""
    path = data / CODER_FILE
    if not path.is_file():
        return frozenset()
    return frozenset(_parse(path, number, line, _CoderDoc).doc_id for number, line in _lines(path))


def satp_texts(data: Path, held_out: frozenset[str] = frozenset()) -> list[TypedText]:
    """The relevant SATP summaries with their labels and splits, less the ``held_out``
    articles (``satp-conflibert:<id>``)."""
    path = data / SATP_FILE
    out = []
    for number, line in _lines(path):
        record = _parse(path, number, line, _SatpRecord)
        # A few summaries are empty in the source files; they teach nothing.
        if (
            not record.relevant
            or not record.text.strip()
            or f"satp-conflibert:{record.id}" in held_out
        ):
            continue
        if not record.labels:
            raise DataFileError(f"{path}:{number}", "a relevant summary with no label")
        out.append(TypedText("satp", record.id, record.suggested_split, record.text, record.labels))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text`` (cut after ., ! or ? and space)."""
    out = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            out.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def muc_texts(data: Path, held_out: frozenset[str] = frozenset()) -> list[TypedText]:
    """The MUC-4 train templates' sentences with the SATP labels of their incident types."""
    path = data / MUC_FILE
    by_text: dict[tuple[str, str], set[str]] = {}
    for number, line in _lines(path):
        doc = _parse(path, number, line, _MucDoc)
        if f"muc4:{doc.docid}" in held_out:
            continue
        spans = sentences(doc.doctext)
        for template in doc.templates:
            chosen = sorted(
                {i for o in template.offsets() for i, (a, b) in enumerate(spans) if a <= o < b}
            )[:MUC_SENTENCES]
            if not chosen:
                continue
            text = " ".join(doc.doctext[spans[i][0] : spans[i][1]] for i in chosen)
            by_text.setdefault((doc.docid, text), set()).add(MUC_TYPES[template.incident_type])
    return [
        TypedText("muc4", docid, "train", text, tuple(lab for lab in SATP_LABELS if lab in labs))
        for (docid, text), labs in by_text.items()
    ]


def gvdb_texts(data: Path, held_out: frozenset[str] = frozenset()) -> list[TypedText]:
    """The sentences of each GVDB shooting article that name a victim or shooter."""
    path = data / GVDB_FILE
    out = []
    for number, line in _lines(path):
        doc = _parse(path, number, line, _GvdbDoc)
        if f"gvdb:{doc.id}" in held_out:
            continue
        spans = sentences(doc.text)
        if not spans:
            continue
        offsets = [
            p.name.start
            for p in (*doc.victims, *doc.shooters)
            if p.name is not None and p.name.start is not None
        ]
        chosen = sorted({i for o in offsets for i, (a, b) in enumerate(spans) if a <= o < b})[
            :GVDB_SENTENCES
        ] or list(range(min(GVDB_SENTENCES, len(spans))))
        text = " ".join(doc.text[spans[i][0] : spans[i][1]] for i in chosen)
        out.append(TypedText("gvdb", doc.id, "train", text, (ARMED,)))
    return out


def fold(item: TypedText, parts: int = 5) -> int:
    """A stable fold of an item's document (a hash of its source and id)."""
    key = f"{item.source}:{item.id}".encode()
    return int(hashlib.sha1(key).hexdigest(), 16) % parts


__all__ = [
    "CODER_FILE",
    "GVDB_FILE",
    "MUC_FILE",
    "MUC_TYPES",
    "SATP_FILE",
    "TypedText",
    "coder_gold_ids",
    "fold",
    "gvdb_texts",
    "muc_texts",
    "satp_texts",
    "sentences",
]
