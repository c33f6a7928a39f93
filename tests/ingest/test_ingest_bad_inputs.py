"""Each kind of bad input gives exactly one InputError 'PATH: REASON' and the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_samples import PLAIN_WITH_HEADLINE, Writer

import newsevents.ingest.decode as decode
from newsevents.errors import InputError
from newsevents.ingest import read_paths, read_text_file
from newsevents.model import Article

BAD_INPUTS: dict[str, tuple[str, bytes, str]] = {
    "empty": ("empty.txt", b"", "empty file"),
    "whitespace": ("blank.txt", b"  \n\n\t \r\n", "empty file"),
    "boilerplate only": (
        "furniture.txt",
        b"Share this:\nFacebook\nBack to top button\n",
        "empty file",
    ),
    "binary": ("blob.txt", b"\x00\x01\x02\x03binary\x00\xff\xfe" * 20, "binary file"),
    "control chars": ("ctl.txt", b"abc\x01\x02\x03\x04\x05\x06\x07\x08def" * 10, "binary file"),
    "pdf": ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (a PDF document)"),
    "latin-1": ("latin.txt", "Un caf\u00e9 attaqu\u00e9".encode("latin-1"), "not valid UTF-8"),
    "html without text": (
        "empty.html",
        b"<html><body><script>x()</script></body></html>",
        "no article text found in HTML",
    ),
    "only symbols": ("sym.txt", b"*** --- 123 !!!\n", "no words"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_gives_one_error_and_batch_continues(write: Writer, kind: str) -> None:
    name, content, reason = BAD_INPUTS[kind]
    bad = write(name, content)
    good = write("good.txt", PLAIN_WITH_HEADLINE)
    items = list(read_paths([str(bad), str(good)]))
    assert len(items) == 2
    error, article = items
    assert isinstance(error, InputError)
    assert isinstance(article, Article)
    assert error.path == str(bad)
    assert reason in error.reason
    assert str(error) == f"{bad}: {error.reason}"
    assert "\n" not in str(error)


def test_invalid_utf8_names_byte_and_offset(write: Writer) -> None:
    with pytest.raises(InputError) as info:
        read_text_file(write("l.txt", b"Attack on caf\xe9 kills two"))
    assert info.value.reason == (
        "not valid UTF-8 (byte 0xE9 at offset 13); re-encode the file as UTF-8"
    )


def test_utf8_with_bom_and_utf16_with_bom_are_read(write: Writer) -> None:
    text = "Gunmen Attack Convoy\n\nGunmen attacked a convoy, officials said.\n"
    for name, data in [
        ("bom8.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("bom16.txt", text.encode("utf-16")),
    ]:
        article = read_text_file(write(name, data))
        assert article.title == "Gunmen Attack Convoy"
        assert "\ufeff" not in article.text


def test_utf16_without_bom_is_explained(write: Writer) -> None:
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark"):
        read_text_file(write("u16.txt", "Gunmen attacked a convoy.".encode("utf-16-le")))


def test_too_large_is_checked_before_reading(
    write: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("big.txt", PLAIN_WITH_HEADLINE)
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 20)

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("file was opened although it is too large")

    monkeypatch.setattr(Path, "open", no_read)
    with pytest.raises(InputError, match=r"file is too large .* the limit is 20 bytes"):
        read_text_file(path)


def test_missing_path_and_directory_without_inputs(tmp_path: Path, write: Writer) -> None:
    good = write("ok/good.txt", PLAIN_WITH_HEADLINE)
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    (empty_dir / "notes.md").write_text("not an input", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    items = list(read_paths([str(missing), str(empty_dir), str(good)]))
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article"]
    assert str(items[0]) == f"{missing}: no such file or directory"
    assert str(items[1]).startswith(f"{empty_dir}: no input files found")


def test_unreadable_file(write: Writer, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("secret.txt", PLAIN_WITH_HEADLINE)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # As root, file modes do not stop a read: make the open itself fail.
    monkeypatch.setattr("newsevents.ingest.decode.os.open", denied)
    [error] = list(read_paths([str(path)]))
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: cannot read the file: permission denied"


def test_unexpected_reader_failure_does_not_stop_the_batch(
    tmp_path: Path, write: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents.ingest.sources as sources

    write("docs/a.txt", PLAIN_WITH_HEADLINE)
    write("docs/b.jsonl", '{"text": "A report."}\n')

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("reader bug\nwith two lines")

    monkeypatch.setattr(sources, "read_text_file", broken)
    items = list(read_paths([str(tmp_path / "docs")]))
    assert [type(i).__name__ for i in items] == ["InputError", "Article"]
    assert str(items[0]).endswith("could not be read (RuntimeError: reader bug with two lines)")
