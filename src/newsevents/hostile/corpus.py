"""Write a hostile-input corpus: bad inputs of every kind, good articles mixed in, and what
``newsevents ingest`` must do with each.

Every input is a :class:`Case`: a file, or one record (line) of a JSON-lines file, named as an
error line names it (``FILE`` or ``FILE:LINE``), with what must happen to it:

- ``stored``: a good article (conflict report, ordinary news, another language, too short);
  it must end up in the database and no error may name it;
- ``refused``: exactly one ``error: NAME: REASON`` line, nothing stored;
- ``warned``: stored, with exactly one ``warning: NAME: ...`` line (a date out of range);
- ``either``: markup that may or may not hold an article (malformed, deeply nested HTML):
  stored, or exactly one error line, never both;
- ``changing``: a file changed while the run goes on (removed, emptied, turned into a FIFO,
  rewritten): at most one error line;
- ``ignored``: hidden files and unknown extensions, which a folder's reader passes over: no
  line at all.

Run it as a script to keep a corpus: ``python -m newsevents.hostile.corpus DIR --count N``.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsevents.hostile.texts import calm_text, conflict_text, foreign_text, good_text
from newsevents.ingest.decode import MAX_FILE_BYTES
from newsevents.limits import MAX_ID_CHARS, MAX_TEXT_CHARS

Expect = Literal["stored", "refused", "warned", "either", "changing", "ignored"]
CORPUS = "corpus"
"""The folder under the corpus root that ``ingest`` is given."""
CHANGING = "zz_changing"
"""Sorted last in the corpus folder, so they are read after they have been changed."""
RECORDS_PER_FILE = 40
LARGE = "zz_large"
"""Sorted after the changing files: the long article is extracted last."""
LARGE_FROM = 5000
"""Corpora of at least this many inputs get one good article near MAX_TEXT_CHARS, last."""


@dataclass
class Case:
    """One input of the corpus and what ingest must do with it."""

    kind: str
    """Its class ('fifo', 'wrong type', 'good text', ...)."""
    expect: Expect
    name: str = ""
    """How error and warning lines name it: the file, or FILE:LINE for a record."""
    path: Path | None = None
    """The file (for a record: the JSON-lines file holding it)."""
    url: str | None = None
    """A stored record's URL, from which its article id comes."""


@dataclass
class Corpus:
    """A written corpus: its cases, and the files to change once the run has started."""

    root: Path
    cases: list[Case] = field(default_factory=list)
    changes: list[tuple[Path, str]] = field(default_factory=list)
    """(file, how it changes): 'remove', 'empty', 'fifo', 'binary', 'rewrite'."""

    @property
    def folder(self) -> Path:
        """The folder given to ``ingest``."""
        return self.root / CORPUS


class _Writer:
    """Writes the files of a corpus, and the records of its JSON-lines files."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.corpus = Corpus(root)
        self.rng = rng
        self.serial = 0
        self.pending: list[tuple[str, Case]] = []
        self.record_files = 0
        root.joinpath(CORPUS, CHANGING).mkdir(parents=True, exist_ok=True)
        root.joinpath(CORPUS, "records").mkdir(exist_ok=True)

    def path(self, kind: str, suffix: str, folder: str = "") -> Path:
        self.serial += 1
        slug = kind.replace(" ", "-")
        return self.corpus.folder / folder / f"{self.serial:06d}_{slug}{suffix}"

    def file(self, kind: str, expect: Expect, suffix: str, content: str | bytes) -> Path:
        """Write a file and add its case."""
        path = self.path(kind, suffix)
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        path.write_bytes(data)
        self.add(Case(kind, expect, str(path), path))
        return path

    def add(self, case: Case) -> None:
        self.corpus.cases.append(case)

    def record(self, kind: str, expect: Expect, line: str, url: str | None = None) -> None:
        """Add a JSON-lines record; its file and line are given when the file is written."""
        if not self.pending:
            # A good record first: a file whose first line parses is read line by line.
            self.pending.append((self.good_line(), Case("good record", "stored")))
        case = Case(kind, expect, url=url)
        self.pending.append((line, case))
        if len(self.pending) >= RECORDS_PER_FILE:
            self.flush()

    def good_line(self, **extra: object) -> str:
        self.serial += 1
        url = f"https://news.example/{self.serial}"
        record = {"text": good_text(self.rng), "url": url, "published": "2024-03-05"} | extra
        self.last_url = url
        return json.dumps(record)

    def flush(self) -> None:
        if not self.pending:
            return
        self.record_files += 1
        path = self.corpus.folder / "records" / f"r{self.record_files:05d}.jsonl"
        first_line, first = self.pending[0]
        first.url = json.loads(first_line)["url"]
        lines = []
        for number, (line, case) in enumerate(self.pending, 1):
            case.name, case.path = f"{path}:{number}", path
            self.add(case)
            lines.append(line)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        self.pending = []


Maker = Callable[[_Writer, str], None]
"""Writes one case (or a few) of the class it is given the name of."""
Content = Callable[[random.Random], str | bytes]


def _good_record(w: _Writer, kind: str) -> None:
    line = w.good_line()
    w.record(kind, "stored", line, url=w.last_url)


def _record(expect: Expect, make: Callable[[random.Random], object]) -> Maker:
    """A maker of one record whose JSON value is ``make(rng)`` (a string is the line)."""

    def maker(w: _Writer, kind: str) -> None:
        value = make(w.rng)
        w.record(kind, expect, value if isinstance(value, str) else json.dumps(value))

    return maker


def _good_with(expect: Expect = "stored", text: str = "", **fields: str) -> Maker:
    """A good record with ``fields`` (a URL that does not parse, a date out of range) and
    ``text`` added to its text."""

    def maker(w: _Writer, kind: str) -> None:
        record = json.loads(w.good_line())
        record["text"] += text
        if "url" in fields:
            record["url"] = f"{fields['url']}{w.serial}"
        if "published" in fields:
            record["published"] = fields["published"]
        w.record(kind, expect, json.dumps(record), url=record["url"])

    return maker


def _file(expect: Expect, suffix: str, make: Content) -> Maker:
    def maker(w: _Writer, kind: str) -> None:
        w.file(kind, expect, suffix, make(w.rng))

    return maker


def _sparse(w: _Writer, kind: str) -> None:
    # Over the size cap but costing no disk: a hole of MAX_FILE_BYTES and a few bytes of text.
    path = w.path(kind, ".txt")
    with path.open("wb") as handle:
        handle.seek(MAX_FILE_BYTES + 1024)
        handle.write(b"Gunmen attacked a village.\n")
    w.add(Case(kind, "refused", str(path), path))


def _fifo(w: _Writer, kind: str) -> None:
    path = w.path(kind, ".txt")
    os.mkfifo(path)
    w.add(Case(kind, "refused", str(path), path))


def _socket(w: _Writer, kind: str) -> None:
    path = w.path(kind, ".jsonl")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    finally:
        server.close()  # the socket file stays
    w.add(Case(kind, "refused", str(path), path))


def _link(target: str | None) -> Maker:
    def maker(w: _Writer, kind: str) -> None:
        path = w.path(kind, ".txt")
        path.symlink_to(target if target is not None else path)
        w.add(Case(kind, "refused", str(path), path))

    return maker


def _ignored(w: _Writer, kind: str) -> None:
    hidden = w.rng.random() < 0.5
    path = w.path(kind, ".dat")
    if hidden:
        path = path.with_name(f".{path.stem}.txt")
    path.write_text(good_text(w.rng), encoding="utf-8")
    w.add(Case("hidden" if hidden else "unknown extension", "ignored", str(path), path))


def _changing(w: _Writer, kind: str) -> None:
    how = w.rng.choice(("remove", "empty", "fifo", "binary", "rewrite"))
    path = w.path(f"{kind} {how}", ".txt", CHANGING)
    path.write_text(good_text(w.rng), encoding="utf-8")
    w.add(Case(f"{kind} ({how})", "changing", str(path), path))
    w.corpus.changes.append((path, how))


def _parquet(w: _Writer, kind: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = w.path(kind, ".parquet")
    urls = [f"https://parquet.example/{w.serial}/{n}" for n in range(2)]
    table = pa.table(
        {
            "text": [good_text(w.rng), good_text(w.rng), None],
            "url": [*urls, None],
            "published": ["2024-01-02", "0001-01-01", "2024-01-03"],
        }
    )
    pq.write_table(table, path)
    w.add(Case("parquet row", "stored", f"{path}: row 1", path, urls[0]))
    w.add(Case("parquet date", "warned", f"{path}: row 2", path, urls[1]))
    w.add(Case("parquet no text", "refused", f"{path}: row 3", path))


def _json_array(w: _Writer, kind: str) -> None:
    path = w.path(kind, ".json")
    url = f"https://array.example/{w.serial}"
    document = [{"text": good_text(w.rng), "url": url}, {"text": 5}]
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    w.add(Case("json array record", "stored", f"{path}[0]", path, url))
    w.add(Case("json array wrong type", "refused", f"{path}[1]", path))


def _long_text(rng: random.Random) -> str:
    body = " ".join(conflict_text(rng).replace("\n", " ") for _ in range(20))
    return body * (MAX_TEXT_CHARS // len(body) + 2)


def _near_limit(w: _Writer) -> None:
    # One report, then ordinary news: a long page, not thousands of events in one article.
    parts = [conflict_text(w.rng)]
    size = len(parts[0])
    while size < MAX_TEXT_CHARS * 0.9:
        part = calm_text(w.rng)
        parts.append(part)
        size += len(part) + 1
    path = w.path("near the limit", ".txt", LARGE)
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    w.add(Case("near the limit", "stored", str(path), path))


def _html(rng: random.Random) -> str:
    title, body = conflict_text(rng).split("\n\n", 1)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{body}</p></article></body></html>"
    )


def _malformed_html(rng: random.Random) -> str:
    words = conflict_text(rng).split()
    tags = ["<div>", "<p>", "<span>", "</div>", "<b>", "</i>", "<<", ">", "<p class='x"]
    return "<html><body>" + " ".join(rng.choice(tags) + word for word in words)


def _nested_html(rng: random.Random) -> str:
    depth = rng.randint(500, 5000)
    return "<html><body>" + "<div>" * depth + conflict_text(rng) + "</div>" * depth


def _binary(rng: random.Random) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(rng.randint(64, 2048))) + b"\x00"


_MAGIC = (b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x1f\x8b\x08", b"\x7fELF")


def _known_binary(rng: random.Random) -> bytes:
    return rng.choice(_MAGIC) + _binary(rng)


def _bom_utf8(rng: random.Random) -> bytes:
    return codecs.BOM_UTF8 + good_text(rng).encode()


def _utf16(rng: random.Random) -> bytes:
    return good_text(rng).encode("utf-16")  # with a byte-order mark


def _utf16_bare(rng: random.Random) -> bytes:
    return good_text(rng).encode("utf-16-le")


def _latin1(rng: random.Random) -> bytes:
    return ("Café " + good_text(rng)).encode("latin-1")


def _mixed(rng: random.Random) -> bytes:
    return good_text(rng).encode() + "Über café".encode("cp1252")


def _few_controls(rng: random.Random) -> str:
    return good_text(rng).replace(" ", " \x07", 1)


def _many_controls(rng: random.Random) -> str:
    return "\x01\x02\x03\x1b" * 50 + good_text(rng)


def _utf16_lines(rng: random.Random) -> bytes:
    return json.dumps({"text": good_text(rng)}).encode("utf-16")


def _malformed_json(rng: random.Random) -> str:
    return rng.choice(['{"text": "Gunmen', "{'text': 'quotes'}", "not json", '{"text": "a",}'])


def _wrong_type(rng: random.Random) -> object:
    return {"text": rng.choice([12, 3.5, ["Gunmen", "attacked"], {"body": "x"}, True])}


def _fields(**fields: object) -> Callable[[random.Random], object]:
    """A record with a good text and ``fields``."""
    return lambda rng: {"text": good_text(rng), **fields}


def _const(value: str | bytes) -> Content:
    return lambda rng: value


#: Each class: how often (relative weight), at most how many per corpus, and its maker.
CLASSES: dict[str, tuple[float, int | None, Maker]] = {
    "good text": (10, None, _file("stored", ".txt", good_text)),
    "good html": (3, None, _file("stored", ".html", _html)),
    "good record": (8, None, _good_record),
    "calm text": (3, None, _file("stored", ".text", calm_text)),
    "other language": (2, None, _file("stored", ".txt", foreign_text)),
    "too short": (1, None, _file("stored", ".txt", _const("Gunmen struck.\n"))),
    "utf-8 bom": (1, None, _file("stored", ".txt", _bom_utf8)),
    "utf-16 bom": (1, None, _file("stored", ".txt", _utf16)),
    "few controls": (1, None, _file("stored", ".txt", _few_controls)),
    "bad url": (2, None, _good_with(url="http://[::1/x")),
    "lone surrogate": (1, None, _good_with(text=" \ud800 end.")),
    "nul in text": (1, None, _good_with(text=" \u0000 end.")),
    "date 0001": (1, None, _good_with("warned", published="0001-01-01")),
    "date 9999": (1, None, _good_with("warned", published="9999-12-31")),
    "parquet": (0.3, None, _parquet),
    "json array": (0.5, None, _json_array),
    "empty": (1, None, _file("refused", ".txt", _const(b""))),
    "whitespace": (1, None, _file("refused", ".txt", _const(" \n\t\n   \r\n"))),
    "binary": (2, None, _file("refused", ".txt", _binary)),
    "known binary format": (2, None, _file("refused", ".html", _known_binary)),
    "utf-16 without bom": (1, None, _file("refused", ".txt", _utf16_bare)),
    "latin-1": (1, None, _file("refused", ".txt", _latin1)),
    "mixed encodings": (1, None, _file("refused", ".txt", _mixed)),
    "control characters": (1, None, _file("refused", ".txt", _many_controls)),
    "no words": (1, None, _file("refused", ".txt", _const("12 345 -- 67.8 !!! 90\n"))),
    "empty json lines": (0.5, None, _file("refused", ".jsonl", _const("\n\n  \n"))),
    "utf-16 json lines": (0.5, None, _file("refused", ".jsonl", _utf16_lines)),
    "not parquet": (0.5, None, _file("refused", ".parquet", _const(b"PAR0 not really"))),
    "malformed json": (3, None, _record("refused", _malformed_json)),
    "wrong type": (3, None, _record("refused", _wrong_type)),
    "null text": (0.5, None, _record("refused", lambda rng: {"text": None, "title": "T"})),
    "nested text": (1, None, _record("refused", lambda rng: {"sample": _fields()(rng)})),
    "not an object": (1, None, _record("refused", lambda rng: rng.choice(['"a"', "4", "[1]"]))),
    "deep nesting": (0.5, 10, _record("refused", _const("[" * 100_000 + "]" * 100_000))),
    "garbage date": (1, None, _record("refused", _fields(published="the day after"))),
    "wrong type field": (1, None, _record("refused", _fields(title=["a", 1]))),
    "id too long": (0.5, None, _record("refused", _fields(id="x" * (MAX_ID_CHARS + 1)))),
    "id with controls": (0.5, None, _record("refused", _fields(id="a\u0000b"))),
    "malformed html": (2, None, _file("either", ".html", _malformed_html)),
    "nested html": (0.5, 20, _file("either", ".html", _nested_html)),
    "markup only": (0.5, None, _file("either", ".htm", _const("<html><<<>>></html>"))),
    "over size cap": (0.2, 3, _sparse),
    "text too long": (0.2, 2, _file("refused", ".txt", _long_text)),
    # Over four times the limit: refused before the text is cleaned.
    "text far too long": (0.1, 1, _record("refused", lambda rng: {"text": "w " * 4_100_000})),
    "fifo": (1, 50, _fifo),
    "socket": (0.5, 20, _socket),
    "symlink loop": (0.5, 20, _link(None)),
    "dangling symlink": (0.5, 20, _link("/nonexistent/newsevents")),
    "device": (0.3, 5, _link("/dev/zero")),
    "ignored": (1, None, _ignored),
    "changing": (1, 40, _changing),
}


def generate(root: Path, count: int, seed: int = 0) -> Corpus:
    """Write a corpus of about ``count`` inputs under ``root`` (an empty or new folder).

    Classes are drawn at random by weight (seeded: the same seed writes the same corpus),
    each at most as often as its cap. Corpora of LARGE_FROM inputs or more end with one good
    article near MAX_TEXT_CHARS.
    """
    rng = random.Random(seed)
    writer = _Writer(root, rng)
    made: dict[str, int] = {}
    names = list(CLASSES)
    weights = [CLASSES[name][0] for name in names]
    while len(writer.corpus.cases) + len(writer.pending) < count:
        name = rng.choices(names, weights)[0]
        _, cap, maker = CLASSES[name]
        if cap is not None and made.get(name, 0) >= cap:
            continue
        made[name] = made.get(name, 0) + 1
        maker(writer, name)
    writer.flush()
    if count >= LARGE_FROM:
        _near_limit(writer)
    return writer.corpus


def main(argv: list[str] | None = None) -> None:
    """Write a corpus (``python -m newsevents.hostile.corpus DIR --count N --seed S``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("root", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = generate(args.root, args.count, args.seed)
    print(f"{len(corpus.cases)} inputs in {corpus.folder}")


if __name__ == "__main__":
    main()
