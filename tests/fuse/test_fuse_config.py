"""The fusion data file is validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsevents.errors import DataFileError
from newsevents.fuse.config import FEATURES, load_config
from newsevents.ontology.datafiles import data_path


def test_the_shipped_file_is_valid_and_weighs_known_features() -> None:
    config = load_config()
    assert set(config.decision.weights) <= set(FEATURES)
    assert 0 < config.decision.threshold < 1
    assert config.decision.weights["text"] > 0


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("decision", "weights", "colour"), 1.0, "unknown features"),
        (("decision", "threshold"), 1.5, "decision.threshold"),
        (("blocking", "max_distance_km", "galaxy"), 5.0, "unknown precisions"),
    ],
)
def test_a_bad_file_names_the_problem(
    tmp_path: Path, path: tuple[str, ...], value: object, message: str
) -> None:
    raw = yaml.safe_load(data_path("fusion.yaml").read_text(encoding="utf-8"))
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    bad = tmp_path / "fusion.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_config(bad)
    assert message in str(caught.value) and str(bad) in str(caught.value)
