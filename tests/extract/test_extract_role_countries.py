"""The country of each participant: knowledge base, nationality word, or state forces' place."""

from __future__ import annotations

from newsevents.api import extract


def _roles(text: str) -> dict[str, tuple[str | None, str | None]]:
    events = extract(text, published="2024-01-10")
    return {r.text: (r.country_iso3, r.country_basis) for e in events for r in e.roles}


def test_nationality_word_gives_the_country() -> None:
    roles = _roles("Pakistani soldiers killed three militants in North Waziristan on Sunday.")
    assert roles["Pakistani soldiers"] == ("PAK", "nationality")
    # Militants named generically get no country from the place.
    assert roles["three militants"] == (None, None)


def test_state_forces_take_the_country_of_the_event_place() -> None:
    roles = _roles("Police arrested five protesters in Lahore on Monday.")
    assert roles["Police"] == ("PAK", "event place")


def test_known_organisation_gives_its_country() -> None:
    roles = _roles("Gunmen from Tehrik-i-Taliban Pakistan attacked a checkpoint in Peshawar.")
    assert roles["Gunmen from Tehrik-i-Taliban Pakistan"] == ("PAK", "actor")
