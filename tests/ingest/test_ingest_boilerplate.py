"""Boilerplate removal and the validation of its data file."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_samples import Writer

from newsevents.errors import DataFileError
from newsevents.ingest import read_text, read_text_file
from newsevents.ingest.boilerplate import strip_boilerplate
from newsevents.ingest.resources import BoilerplateRules, load_data_file

BODY = "Gunmen attacked a checkpoint outside the town on Sunday, killing two soldiers."


def test_whole_boilerplate_lines_are_dropped() -> None:
    furniture = "Share this:\nFacebook\nClick to share on Twitter (Opens in new window)"
    text = f"{BODY}\n{furniture}\nAdvertisement\n"
    assert strip_boilerplate(text).strip() == BODY


def test_boilerplate_glued_to_last_line(write: Writer) -> None:
    path = write(
        "g.txt", f"Checkpoint Attacked\n\n{BODY}\n\nThe army vowed to respond.Back to top button"
    )
    article = read_text_file(path)
    assert article.text.endswith("The army vowed to respond.")
    assert "Back to top" not in article.text


def test_several_glued_fragments_are_cut() -> None:
    assert strip_boilerplate(f"{BODY} Share this: Back to top button") == BODY


def test_glued_fragment_needs_sentence_punctuation_before_it() -> None:
    line = "The group posted an Advertisement"
    assert strip_boilerplate(line) == line


def test_boilerplate_on_its_own_line_at_the_end() -> None:
    article = read_text(f"Checkpoint Attacked\n\n{BODY}\n\nBack to top button")
    assert article.text == f"Checkpoint Attacked\n\n{BODY}"


def test_cookie_notice_is_dropped() -> None:
    notice = (
        "We use cookies to give you the best experience. By continuing you agree to our policy."
    )
    assert strip_boilerplate(f"{notice}\n{BODY}").strip() == BODY


def test_related_posts_ends_the_article() -> None:
    text = f"{BODY}\nRelated Posts\nAnother Story About Something Else\nYet another headline"
    assert strip_boilerplate(text).strip() == BODY


def test_related_posts_before_any_paragraph_only_drops_the_line() -> None:
    assert strip_boilerplate(f"Related Posts\n{BODY}").strip() == BODY


def test_data_file_is_validated(tmp_path: Path) -> None:
    (tmp_path / "boilerplate.yaml").write_text(
        "version: 1\nlines: [Share this]\npatterns: ['(unclosed']\nglued: []\nend_markers: []\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="bad regular expression"):
        load_data_file("boilerplate.yaml", BoilerplateRules, tmp_path)


def test_data_file_rejects_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(
        "version: 1\nlines: []\npatterns: []\nglued: []\nend_markers: []\nline: [x]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="line"):
        load_data_file("b.yaml", BoilerplateRules, tmp_path)


def test_shipped_data_file_loads() -> None:
    rules = load_data_file("boilerplate.yaml", BoilerplateRules)
    assert "Back to top button" in rules.lines
