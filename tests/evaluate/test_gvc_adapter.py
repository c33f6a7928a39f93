"""The GVC / GVA-pool adapter: reading, splits, incident sampling, articles without text,
and one end-to-end run on tiny hand-written articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.errors import NewsEventsError
from newsevents.evaluate import DATASETS, EvalOptions, get_runner
from newsevents.evaluate.gvc import GoldDoc, article_of, read_docs, sample_incidents, select

SHARED_GVC = Path(__file__).resolve().parents[3] / "shared" / "data" / "gvc"

BAR = (
    "KOKOMO, Ind. - Four people were shot outside the Ultimate Place 2 B bar on Clinton "
    "Drive around 3:15 a.m. Sunday, police said. Emmanuel Arrington, 33, and Cristobal "
    "Guerrero, 31, were flown to Parkview Hospital in Fort Wayne."
)
BAR_AGAIN = (
    "KOKOMO, Ind. - Police identified the four people shot outside the Ultimate Place 2 B "
    "on Clinton Drive as Emmanuel Arrington, 33, Sieyumbe Arrington, 37, Cristobal "
    "Guerrero, 31, and Anthony Heard, 39. Guerrero is in critical condition."
)
OTHER = (
    "SAN DIEGO - A man shot and killed his wife and their son in Rancho Penasquitos on "
    "Tuesday before turning the gun on himself, San Diego police said. Mark Mata, 45, had "
    "called 911 shortly before the shooting on Paseo Montalban."
)


def _record(doc_id: str, incident: str, text: str, dct: str, **extra: object) -> dict[str, object]:
    return {
        "doc_id": doc_id,
        "incident_id": incident,
        "title": f"Story {doc_id}",
        "dct": dct,
        "url": f"http://example.com/{doc_id}",
        "text": text,
        **extra,
    }


def _write(folder: Path, records: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "docs.jsonl").open("w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r) + "\n")
    return folder


def test_both_names_are_registered() -> None:
    assert DATASETS["gvc"] == DATASETS["gva-pool"] == "newsevents.evaluate.gvc"


def test_read_docs_names_the_dataset_by_its_layout(tmp_path: Path) -> None:
    gvc = _write(tmp_path / "gvc", [_record("d1", "i1", BAR, "2014-06-15", split="dev")])
    pool = _write(tmp_path / "pool", [_record("d1", "i1", BAR, "2014-06-15", gvc_split=None)])
    name, docs = read_docs(gvc / "docs.jsonl")
    assert name == "gvc" and docs[0].split == "dev"
    name, docs = read_docs(pool / "docs.jsonl")
    assert name == "gva-pool" and docs[0].split is None


def test_select_by_split_and_all() -> None:
    docs = [GoldDoc("d1", "i1", "dev", {}), GoldDoc("d2", "i2", "train", {})]
    assert [d.doc_id for d in select(docs, "dev")] == ["d1"]
    assert len(select(docs, "all")) == 2
    with pytest.raises(NewsEventsError, match="splits in the file"):
        select(docs, "test")


def test_sample_keeps_incidents_whole_and_exact_size() -> None:
    docs = [GoldDoc(f"d{n}", f"i{n // 3}", "dev", {}) for n in range(30)]
    sample = sample_incidents(docs, 9, seed=13)
    assert len(sample) == 9
    incidents = {d.incident_id for d in sample}
    assert len(incidents) == 3  # three whole incidents of three
    cut = sample_incidents(docs, 10, seed=13)
    assert len(cut) == 10 and len({d.incident_id for d in cut}) == 4  # the last one cut
    assert sample_incidents(docs, 100, seed=13) == docs


def test_an_article_without_text_keeps_its_title_and_date() -> None:
    doc = GoldDoc("d9", "i9", None, _record("d9", "i9", "", "2016-03-02"))
    article = article_of(doc)
    assert article.id == "d9" and article.title == "Story d9"
    assert article.published is not None and article.published.isoformat() == "2016-03-02"


@pytest.mark.slow
def test_end_to_end_on_tiny_articles(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "gvc",
        [
            _record("d1", "kokomo", BAR, "2014-06-15", split="dev"),
            _record("d2", "kokomo", BAR_AGAIN, "2014-06-16", split="dev"),
            _record("d3", "sandiego", OTHER, "2015-01-21", split="dev"),
            _record("d4", "empty", "", "2015-03-01", split="dev"),
            _record("d5", "train-only", OTHER, "2015-01-21", split="train"),
        ],
    )
    out = tmp_path / "pred.jsonl"
    report = get_runner("gvc")(EvalOptions(data=folder, split="dev", predictions_out=out))
    assert report.dataset == "gvc" and report.n_docs == 4
    assert report.scores["pairwise_f1"] == pytest.approx(100.0)
    assert report.scores["b3_f1"] == pytest.approx(100.0)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["doc_id"] for line in lines] == ["d1", "d2", "d3", "d4"]
    assert lines[0]["incident"] == lines[1]["incident"] != lines[2]["incident"]
    assert report.details["gold_incidents"] == 3


def test_the_shared_gvc_dev_split_reads() -> None:
    if not SHARED_GVC.is_dir():
        pytest.skip(f"{SHARED_GVC} is absent: the gold data lives outside the repository")
    name, docs = read_docs(SHARED_GVC / "docs.jsonl")
    dev = select(docs, "dev")
    assert name == "gvc" and len(dev) == 78 and len({d.incident_id for d in dev}) == 37
