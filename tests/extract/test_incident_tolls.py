"""An incident's toll completed by what the article states outside its own mentions: people
hit, zeros, deaths told indirectly, a headline's toll, a suspect's arrest."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.model import Event


def _main(events: list[Event]) -> Event:
    assaults = [e for e in events if e.event_type == "ASSAULT"]
    assert assaults, events
    return assaults[0]


def _value(event: Event, category: str) -> int | None:
    count = getattr(event, category)
    return None if count is None else (count.best if count.best is not None else count.low)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # People shot are injured unless told dead.
        ("A man was shot in the arm Sunday night in Dallas.", None, 1),
        ("Four people were hit and one of them did not survive.", 1, 3),
        ("Four people were shot Sunday in Dallas. One of them died at the hospital.", 1, 3),
        ("A man was fatally shot Sunday night in Dallas.", 1, None),
        # A headline's terse toll.
        ("1 Dead, 6 Hurt In Shooting\n\nA gunman opened fire at a bar in Dallas.", 1, 6),
        ("4 shot, 1 fatally, in Dallas\n\nFour people were shot in Dallas on Sunday.", 1, 3),
        # Someone told wounded by name and later told dead is among the dead only.
        (
            "Teen killed in Macon shooting\n\nAntrez Felder was wounded in the head on "
            "Sunday in Macon. Felder died inside a home on Bobby Jones Lane.",
            1,
            None,
        ),
        # A number of wounds is no number of people.
        (
            "Girl, 2, shot dead in Toledo\n\nOfficers found a 2-year-old girl suffering from "
            "at least one gunshot wound in Toledo on Sunday. She was pronounced dead.",
            1,
            None,
        ),
        # The doer who kills himself is among the dead, however it is told.
        ("Police said the man shot and killed his wife Sunday before killing himself.", 2, None),
        ("Police said a man shot four relatives, killing two, then himself on Sunday.", 3, 2),
        ("He shot his wife dead on Sunday in Dallas. He then turned the gun on himself.", 2, None),
        # A lone suicide is one death, and a child who shoots himself is hurt.
        ("A man killed himself on Sunday in Dallas.", 1, None),
        ("A 4-year-old boy shot himself in the hand on Sunday in Dallas.", None, 1),
        ("A man killed his 7-year-old daughter and then himself on Sunday in Dallas.", 2, None),
        # The one person hit in a deadly shooting is the one who died.
        (
            "Detectives are investigating a deadly shooting in Dallas on Sunday. A 16-year-old "
            "boy shot himself in the head.",
            1,
            None,
        ),
        # One person carried to a hospital after an attack was hurt.
        ("A gunman opened fire at a Dallas bar. The victim was taken to a hospital.", None, 1),
        # The figures of listed ages are ages: "a 16 and 17-year-old" are two people.
        ("Police said a 16 and 17-year-old were shot in Tampa on Sunday.", None, 2),
        # A figure of people after one person is the list's next item.
        ("A man killed his wife, 2 sons, then himself on Sunday in Dallas.", 4, None),
        # A doer who kills themselves is not among the people they hit.
        (
            "A student shot another girl at a school in Dallas on Sunday before turning the "
            "gun on herself. The suspect died from a self-inflicted wound.",
            1,
            1,
        ),
        # The doer shot by police is among those hit.
        ("Police shot and killed the suspect on Sunday in Dallas.", 1, None),
        # People introduced one by one, told apart by age or sex, are several.
        (
            "Shots were fired into a crowd in a Dallas park on Sunday. A 16-year-old girl was "
            "hit in the face. A 17-year-old boy was shot in the leg.",
            None,
            2,
        ),
        # The same person told twice is one.
        (
            "A 16-year-old girl was shot in a Dallas park on Sunday. Police said a 16-year-old "
            "was taken to a hospital in stable condition.",
            None,
            1,
        ),
    ],
)
def test_tolls(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    event = _main(extract(text))
    assert (_value(event, "killed"), _value(event, "injured")) == (killed, injured)


def test_roundup_headline_is_no_toll(extract: Callable[..., list[Event]]) -> None:
    # A headline that totals many incidents says nothing of this one.
    text = "3 Dead, 22 Wounded In Weekend Shootings\n\nA man was shot in the leg in Dallas."
    events = [e for e in extract(text) if any(t.text == "shot" for t in e.triggers)]
    assert events
    assert all(_value(e, "killed") != 3 and _value(e, "injured") != 22 for e in events)


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("A man was shot in Dallas on Sunday. No one is in custody.", "arrested", 0),
        ("A man was shot in Dallas on Sunday. There does not seem to be an arrest.", "arrested", 0),
        ("A woman was stabbed in Dallas on Sunday. Valle has not been charged.", "arrested", 0),
        ("A man was shot in Dallas on Sunday. No one else was hurt.", "injured", 1),
        ("A man was killed in a shooting in Dallas on Sunday. No one else was hurt.", "injured", 0),
        (
            "A man was shot in Dallas on Sunday. A suspect was arrested in the shooting.",
            "arrested",
            1,
        ),
        ("A man was shot in Dallas on Sunday. He was not seriously injured.", "arrested", None),
        # Someone in custody is arrested; a name given an age is one person whatever the
        # recognizer took it for.
        ("A man was shot and killed in Dallas on Friday. A suspect is in custody.", "arrested", 1),
        (
            "Police say two women are in custody after a 17-year-old high school student was "
            "gunned down in northwest Detroit.",
            "arrested",
            2,
        ),
        (
            "Flagstaff police have made an arrest in a fatal weekend shooting at a rec center. "
            "Police say 15-year-old Fernando Enriquez has been arrested and faces a charge of "
            "homicide. Around 5 p.m. on Friday, there were reports of gunfire at the Hal "
            "Janson Recreation Center in Flagstaff. When officers responded, they found "
            "20-year-old Jacob Allen of Flagstaff shot to death.",
            "arrested",
            1,
        ),
    ],
)
def test_stated_counts(
    extract: Callable[..., list[Event]], text: str, category: str, expected: int | None
) -> None:
    assert _value(_main(extract(text)), category) == expected


def test_hospital_with_injuries(extract: Callable[..., list[Event]]) -> None:
    text = (
        "A gunman killed two people at an apartment complex in Dallas on Sunday. "
        "Another child was taken to a local hospital with minor injuries."
    )
    assert _value(_main(extract(text)), "injured") == 1


def test_bare_participle_subject_is_hurt(extract: Callable[..., list[Event]]) -> None:
    # "six others injured": the subject of a participle without auxiliary underwent it.
    text = "The shooting left one man dead and six others injured."
    assert _value(_main(extract(text)), "injured") == 6


def test_bare_death_completes_the_fate_of_people_hit(extract: Callable[..., list[Event]]) -> None:
    text = "A man was shot in Dallas on Sunday. John Smith, 24, was pronounced dead."
    event = _main(extract(text))
    assert (_value(event, "killed"), _value(event, "injured")) == (1, None)


def test_a_violent_night_headline_is_a_roundup() -> None:
    from newsevents.extract.counts import headline_counts

    night = "Violent night in Dayton leaves one dead, nine others wounded\n\nx"
    assert headline_counts(night) == []
    party = "1 Dead, 6 Hurt After Party Shooting\n\nx"
    assert [c.best for c, _ in headline_counts(party)] == [1, 6]


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # A person named by age, by a tie to someone, or by a reflexive is a person hit.
        ("A 15-year-old was killed in Dallas on Sunday.", 1, None),
        ("Two 17-year-olds were shot in Dallas on Sunday, police said.", None, 2),
        ("A man shot his friend in the leg in Dallas on Sunday.", None, 1),
        ("A boy shot himself in the stomach in Dallas on Sunday.", None, 1),
        # The one a relative clause is about.
        ("The victim was a 17-year-old boy who was shot in the stomach in Dallas.", None, 1),
        # Conjoined victims add up, a list the parse takes for an apposition too.
        ("A 17-year-old and an 18-year-old were shot in Dallas on Sunday.", None, 2),
        ("Police said the father shot his wife, his son and himself in Dallas on Sunday.", None, 3),
        # A name in apposition is the same person.
        ("The victim, 73-year-old Mary Lee, was struck by a bullet in Dallas on Sunday.", None, 1),
        # One person's injuries are one person hurt; injuries alone count nobody.
        ("A boy was shot in Dallas on Sunday. Police say his injuries are serious.", None, 1),
    ],
)
def test_victims_read_from_the_parse(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    event = _main(extract(text))
    assert (_value(event, "killed"), _value(event, "injured")) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # "shot to death" is a death, as "fatally shot" is.
        ("A teenage boy was shot to death Friday morning in Dallas.", 1, None),
        # A headline's one person, named without a figure.
        (
            "Teen shot, killed in Dallas\n\nA gunman opened fire at a home in Dallas on Sunday.",
            1,
            None,
        ),
        ("Woman killed, 3 hurt in Dallas\n\nA gunman opened fire at a bar in Dallas.", 1, 3),
    ],
)
def test_deaths_without_a_figure(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    event = _main(extract(text))
    assert (_value(event, "killed"), _value(event, "injured")) == (killed, injured)


def test_a_name_described_by_two_appositions_is_one_person(
    extract: Callable[..., list[Event]],
) -> None:
    text = (
        "The cartel denied any responsibility for the death of Carlos Pizarro, political "
        "leader and former guerrilla commander."
    )
    killed = [e.killed.best for e in extract(text) if e.killed is not None]
    assert killed and set(killed) == {1}


def test_the_dead_told_barely_after_a_bombing_with_injured_complete_its_toll(
    extract: Callable[..., list[Event]],
) -> None:
    text = (
        "The brigade detonated a bomb in the city. Nine people were dead and 130 more were injured."
    )
    (event,) = [e for e in extract(text) if e.event_type == "ASSAULT"]
    assert event.killed is not None and event.killed.best == 9
    assert event.injured is not None and event.injured.best == 130


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # The headline's incident takes its dead from the body's telling of it: the woman
        # shot is among them, not injured.
        (
            "Officer charged in accidental shooting of woman\n\nCharges were filed against the "
            "officer on Wednesday. On Sunday, Mary Knowlton was shot and killed in Dallas.",
            1,
            None,
        ),
        # and the zero the body gives.
        (
            "Man playing with gun shot himself in head\n\nA man was killed Tuesday night in "
            "what police believe was an accidental shooting. No one else was hurt.",
            1,
            0,
        ),
        # A headline's own toll stands.
        ("1 Dead, 6 Hurt In Shooting\n\nA gunman opened fire at a bar in Dallas.", 1, 6),
    ],
)
def test_headline_incident_completed_by_the_body(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    event = _main(extract(text))
    assert (_value(event, "killed"), _value(event, "injured")) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # The one person hurt, named only as someone told before, is the one who died.
        (
            "Boy dies day after shooting in Dallas\n\nA 15-year-old boy died at a hospital "
            "Sunday after being shot Saturday night. Paramedics were tending to the badly "
            "wounded teenager.",
            1,
            None,
        ),
        # Not the other one.
        ("A man was killed on Sunday in Dallas. The other man was wounded, police said.", 1, 1),
    ],
)
def test_the_hurt_who_died(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    event = _main(extract(text))
    assert (_value(event, "killed"), _value(event, "injured")) == (killed, injured)


def test_headline_incident_told_in_the_body_takes_no_later_toll(
    extract: Callable[..., list[Event]],
) -> None:
    # The headline's incident is told in the lead; the killing told far below is another.
    text = (
        "5 people shot at block party in Detroit\n\n"
        "Detroit police said five people were shot late Sunday at a block party in Detroit. "
        "The victims were taken to a hospital. Details were scarce. The street was closed. "
        "Officers stayed at the scene until morning. Neighbours said parties are common. "
        "On Monday a gunman was killed by police in Flint."
    )
    event = _main(extract(text))
    assert (_value(event, "killed"), _value(event, "injured")) == (None, 5)
