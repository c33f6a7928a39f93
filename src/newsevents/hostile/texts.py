"""Short good articles for the hostile corpus: conflict reports and ordinary news, varied by a
seeded random generator so that every text (and so every article id) differs."""

from __future__ import annotations

import random

PLACES = (
    "Gao", "Mopti", "Maiduguri", "Kano", "Mogadishu", "Kismayo", "Karachi", "Peshawar",
    "Kabul", "Mosul", "Aleppo", "Goma", "Bunia", "Timbuktu", "Sokoto", "Quetta",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ATTACKERS = ("Gunmen", "Suspected militants", "Armed men", "Unidentified attackers", "Rebels")
_VERBS = ("killed", "wounded", "kidnapped", "attacked")
_VICTIMS = ("villagers", "soldiers", "police officers", "farmers", "traders", "students")
_SOURCES = ("police said", "a local official said", "the army said", "residents said")
_CALM = (
    "The city council in {place} approved a budget of {n} million for new schools on {day}, "
    "the mayor said. Work on the first buildings starts next month.",
    "The home side in {place} won the derby {n} to 1 on {day} in front of a large crowd, "
    "with the captain scoring twice after the break.",
    "Farmers near {place} expect a harvest of {n} thousand tonnes this year after good "
    "rains, the agriculture office said on {day}.",
)
NON_ENGLISH = (
    "Des hommes armés ont attaqué un village près de {place} {day}, tuant {n} personnes, "
    "selon les autorités locales de la région.",
    "Hombres armados atacaron una aldea cerca de {place} el {day} y mataron a {n} personas, "
    "según las autoridades locales.",
    "Bewaffnete griffen am {day} ein Dorf bei {place} an und töteten {n} Menschen, wie die "
    "örtlichen Behörden mitteilten.",
)


def conflict_text(rng: random.Random) -> str:
    """A short report of a violent event, with a headline."""
    place, day = rng.choice(PLACES), rng.choice(DAYS)
    n = rng.randint(2, 9999)
    attacker, verb, victims = rng.choice(_ATTACKERS), rng.choice(_VERBS), rng.choice(_VICTIMS)
    title = f"{attacker} {verb.capitalize()} {n} {victims.title()} Near {place}"
    body = f"{attacker} {verb} {n} {victims} near {place} on {day}, {rng.choice(_SOURCES)}."
    if rng.random() < 0.5:
        body += f" No group has claimed responsibility for the attack in {place}."
    return f"{title}\n\n{body}\n"


def calm_text(rng: random.Random) -> str:
    """A short report with no conflict event."""
    template = rng.choice(_CALM)
    body = template.format(place=rng.choice(PLACES), day=rng.choice(DAYS), n=rng.randint(2, 99999))
    return f"News from {rng.choice(PLACES)} number {rng.randint(1, 10**9)}\n\n{body}\n"


def good_text(rng: random.Random) -> str:
    """A conflict report or an ordinary one, about as often each."""
    return conflict_text(rng) if rng.random() < 0.6 else calm_text(rng)


def foreign_text(rng: random.Random) -> str:
    """A conflict report in French, Spanish or German (stored, skipped as not English)."""
    template = rng.choice(NON_ENGLISH)
    return template.format(place=rng.choice(PLACES), day=rng.choice(DAYS), n=rng.randint(2, 9999))
