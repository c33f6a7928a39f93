"""Claims of one party told several ways are one claim."""

from __future__ import annotations

from newsevents.extract.assemble import _merge_described_claimants
from newsevents.model import Claim, ClaimStance, Span


def _claim(name: str, actor_id: str | None = None, at: int = 0) -> Claim:
    return Claim(
        claimant=name,
        claimant_text=name,
        actor_id=actor_id,
        stance=ClaimStance.claimed,
        cue="claimed",
        spans=[Span(start=at, end=at + len(name), text=name)],
    )


def test_descriptions_of_the_one_named_claimant_join_its_claim() -> None:
    claims = [
        _claim("Taliban offshoot", at=0),
        _claim("Militants", at=40),
        _claim("Taliban", "taliban", 80),
    ]
    [merged] = _merge_described_claimants(claims)
    assert merged.actor_id == "taliban"
    assert [s.start for s in merged.spans] == [80, 0, 40]


def test_two_named_claimants_keep_every_claim() -> None:
    claims = [
        _claim("Militants"),
        _claim("Taliban", "taliban", 20),
        _claim("Haqqani", "haqqani", 40),
    ]
    assert len(_merge_described_claimants(claims)) == 3


def test_another_named_claimant_is_not_a_description() -> None:
    claims = [_claim("Baloch Liberation Army"), _claim("Taliban", "taliban", 20)]
    assert len(_merge_described_claimants(claims)) == 2
