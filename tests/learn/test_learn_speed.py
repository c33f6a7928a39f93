"""The encoder speed tool reads JSON lines or plain lines and reports rates and memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.learn.speed import main, measure, read_sentences


def test_reads_json_text_fields_and_plain_lines(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text('{"text": "A bomb exploded ."}\n\nPolice arrived.\nThird one.\n')
    assert read_sentences(path, 10) == ["A bomb exploded .", "Police arrived.", "Third one."]
    assert read_sentences(path, 2) == ["A bomb exploded .", "Police arrived."]
    path.write_text('{"id": 1}\n')
    with pytest.raises(ValueError, match="no string 'text'"):
        read_sentences(path, 10)


def test_measure_reports_rates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = measure(["A bomb exploded.", "Police said two people died."], threads=1)
    assert result["sentences"] == 2 and result["threads"] == 1
    assert result["sentences_per_s"] > 0 and result["mean_wordpieces"] > 3
    path = tmp_path / "s.txt"
    path.write_text("One sentence.\n")
    main(["--sentences", str(path), "--threads", "1"])
    assert '"sentences":1' in capsys.readouterr().out
