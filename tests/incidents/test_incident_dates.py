"""Which date expression dates an incident (texts written here, not from any dataset)."""

from __future__ import annotations

import datetime as dt

from newsevents.extract.article import extract_article
from newsevents.model import Article, DateBasis, Event, Precision


def _events(text: str, published: dt.date | None = dt.date(2021, 2, 26)) -> list[Event]:
    return extract_article(Article(id="t", text=text, published=published)).events


def _of(events: list[Event], trigger: str) -> Event:
    return next(e for e in events if any(t.text == trigger for t in e.triggers))


def test_weekday_and_date_read_as_one_expression() -> None:
    text = "Rebels shot dead a village chief on Saturday, 7 January, near the border, police said."
    killed = _of(_events(text, dt.date(1989, 2, 6)), "shot dead")
    assert killed.time is not None
    assert (killed.time.start, killed.time.end) == (dt.date(1989, 1, 7), dt.date(1989, 1, 7))


def test_main_clause_date_does_not_date_a_describing_clause() -> None:
    text = (
        "Ravi Das, a union organiser who was arrested in Sonipat during the strike, "
        "was granted bail by the High Court on Friday."
    )
    arrest = _of(_events(text), "arrested")
    assert arrest.time is None or arrest.time.start != dt.date(2021, 2, 26)


def test_a_duration_is_not_a_date() -> None:
    text = "A blogger has been held incommunicado by the authorities for the past two weeks."
    held = _events(text)
    assert all(e.time is None or e.time.basis != DateBasis.expression for e in held)


def test_full_date_dates_an_incident_without_publication_date() -> None:
    text = (
        "Few days are remembered like Friday, 21 July 1972, when car bombs exploded across "
        "the city centre and killed nine people."
    )
    events = [e for e in _events(text, None) if e.event_type == "ASSAULT"]
    assert events
    assert any(e.time is not None and e.time.start == dt.date(1972, 7, 21) for e in events)


def test_the_sentence_before_in_the_paragraph_sets_the_day() -> None:
    text = (
        "On Sunday, thousands of people marched through the capital. Security forces "
        "detained 600 protesters, officials said.\n\nOn Monday the courts were closed."
    )
    detained = _of(_events(text, dt.date(2020, 9, 7)), "detained")
    assert detained.time is not None
    assert detained.time.start == dt.date(2020, 9, 6)


def test_a_sentence_of_another_paragraph_does_not() -> None:
    text = (
        "Police shot dead a gunman at the border on Friday. Officials praised the police. "
        "The minister spoke to reporters.\n\n"
        "The unions said on Sunday that talks with the ministry would resume.\n\n"
        "Security forces detained 600 protesters, officials said."
    )
    detained = _of(_events(text, dt.date(2020, 9, 7)), "detained")
    assert detained.time is None or detained.time.start != dt.date(2020, 9, 6)


def test_the_lead_skips_captions_datelines_and_a_repeated_headline() -> None:
    text = (
        "Boy killed in accidental shooting\n\n"
        "× Boy killed in accidental shooting\n\n"
        "(Photo: County Sheriff's Office)\n\n"
        "QORVALT CITY, Okla. –\n\n"
        "A 14-year-old boy is dead after being shot in the chest with a rifle.\n\n"
        "On Thursday, police say they received a call about a possible shooting at a home."
    )
    (event,) = [e for e in _events(text) if e.event_type == "ASSAULT"]
    assert event.time is not None and event.time.start == dt.date(2021, 2, 25)


def test_a_date_on_the_trigger_comes_before_one_on_the_verb_it_depends_on() -> None:
    text = "A father was arraigned Thursday after his son shot himself Wednesday night."
    (event,) = [e for e in _events(text) if e.event_type == "ASSAULT"]
    assert event.time is not None and event.time.start == dt.date(2021, 2, 24)


def test_a_date_in_the_phrase_a_clause_describes_dates_the_incident() -> None:
    text = (
        "Detectives arrested two men in the March 3 shooting that resulted in the death "
        "of a student outside a bar."
    )
    events = _events(text, dt.date(2021, 3, 20))
    death = next(e for e in events if e.event_type == "ASSAULT")
    assert death.time is not None
    assert death.time.start == dt.date(2021, 3, 3)


def test_the_lead_dates_the_incident_an_arrest_story_is_about() -> None:
    text = (
        "Teen arrested, boy killed in Riverside shooting\n\n"
        "RIVERSIDE -\n\n"
        "Police said officers responded to a home on Elm Street on Saturday afternoon.\n\n"
        "A boy, 14, was found with a gunshot wound and later died."
    )
    events = _events(text, dt.date(2021, 3, 10))
    assault = next(e for e in events if e.event_type == "ASSAULT")
    assert assault.time is not None
    assert assault.time.start == dt.date(2021, 3, 6)


def test_a_date_on_the_incident_beats_one_on_its_telling() -> None:
    text = (
        "City officials announced Wednesday that the teen was charged in connection with "
        "the March 18 shooting of a 15-year-old boy."
    )
    events = _events(text, dt.date(2021, 4, 8))
    shooting = next(e for e in events if e.event_type == "ASSAULT")
    assert shooting.time is not None
    assert shooting.time.start == dt.date(2021, 3, 18)


def test_a_page_time_stamp_is_told_from_a_date_of_the_text() -> None:
    from newsevents.extract.timing import time_expressions
    from newsevents.incidents.dates import _stamped
    from newsevents.nlp.pipeline import parse

    doc = parse("Man hurt Updated: Friday, March 26, 2021 4:46 AM\n\nHe was shot on Friday.")
    found = {e.text: _stamped(e) for s in doc.sents for e in time_expressions(s)}
    assert found == {"Friday, March 26, 2021 4:46 AM": True, "Friday": False}


def test_date_cues_are_validated_on_load() -> None:
    import pytest

    from newsevents.extract.timing import DateCues

    with pytest.raises(ValueError):
        DateCues.model_validate({"later_verbs": ["Say"], "stamp_words": []})
    with pytest.raises(ValueError):
        DateCues.model_validate({"later_verbs": [], "stamp_words": [], "other": []})


def test_a_day_inside_a_looser_date_said_nearby_dates_the_incident() -> None:
    text = (
        "A man was shot dead in Riverside last week.\n\n"
        "The shooting happened on Thursday night outside a bar on Elm Street, police said."
    )
    killed = _of(_events(text, dt.date(2021, 3, 9)), "shot dead")
    assert killed.time is not None
    assert (killed.time.start, killed.time.end) == (dt.date(2021, 3, 4), dt.date(2021, 3, 4))
    assert killed.time.precision == Precision.day


def test_a_clause_describing_a_happening_shares_the_sentence_date() -> None:
    text = (
        "Police say two groups of teens met on Elm Street around 10:30 Monday night and got "
        "into a verbal fight, which ended when four people were shot."
    )
    events = _events(text, dt.date(2021, 3, 9))
    shot = next(e for e in events if e.event_type == "ASSAULT")
    assert shot.time is not None
    assert shot.time.start == dt.date(2021, 3, 8)


def test_the_headline_incident_takes_the_day_told_of_its_other_part() -> None:
    text = (
        "Girl, 11, accidentally shoots sister\n\n"
        "RIVERSIDE - Police said a family was cleaning the house when the girls found a gun "
        "in a bedroom.\n\n"
        "The family had moved to the town in the spring.\n\n"
        "Neighbours described them as quiet.\n\n"
        "A 13-year-old girl was accidentally shot in the neck by her 11-year-old sister "
        "Sunday, police said."
    )
    headline = _of(_events(text, dt.date(2021, 3, 9)), "shoots")
    assert headline.time is not None
    assert headline.time.basis == DateBasis.expression
    assert headline.time.start == dt.date(2021, 3, 7)


def test_a_later_act_gives_way_to_the_day_of_the_act_told_after_it() -> None:
    text = (
        "Suspect charged in death of baby\n\n"
        "A 21-year-old man was charged Friday in the shooting death of a 13-month-old boy.\n\n"
        "He is accused of firing into the home on Elm Street on March 2."
    )
    events = _events(text, dt.date(2021, 3, 15))
    death = next(e for e in events if e.event_type == "ASSAULT")
    assert death.time is not None
    assert death.time.start == dt.date(2021, 3, 2)


def test_a_death_after_the_attack_gives_way_to_the_attack_day() -> None:
    text = (
        "Deputy dies after off-duty shooting\n\n"
        "Deputy Jason Hale died Friday after a shooting in Franklin, police said.\n\n"
        "Troopers say the shooting happened around 10 p.m. Thursday."
    )
    events = _events(text, dt.date(2021, 3, 12))
    death = next(e for e in events if e.event_type == "ASSAULT")
    assert death.time is not None
    assert death.time.start == dt.date(2021, 3, 11)


def test_a_death_told_plainly_is_the_incident_day() -> None:
    text = (
        "Police say five people died Tuesday night in an apparent murder-suicide.\n\n"
        "By Wednesday evening, candles marked the wall near the house."
    )
    events = _events(text, dt.date(2021, 3, 11))
    death = next(e for e in events if e.event_type == "ASSAULT")
    assert death.time is not None
    assert death.time.start == dt.date(2021, 3, 9)


def test_a_day_told_of_another_part_inside_the_range_dates_the_incident() -> None:
    text = (
        "Arrest made in fatal shooting of teen\n\n"
        "Police say they have made an arrest in last week's murder of a teenager.\n\n"
        "A 19-year-old man turned himself in Tuesday afternoon.\n\n"
        "The family moved to the city in the spring.\n\n"
        "Detectives allege he shot the boy last Monday night as he was walking home."
    )
    events = _events(text, dt.date(2021, 3, 9))
    murder = _of(events, "murder")
    assert murder.time is not None
    assert (murder.time.start, murder.time.precision) == (dt.date(2021, 3, 1), Precision.day)


def test_a_stamp_line_split_by_the_parser_is_still_a_stamp() -> None:
    from newsevents.extract.timing import time_expressions
    from newsevents.incidents.dates import _stamped
    from newsevents.nlp.pipeline import parse

    doc = parse("Two killed\n\nstory updated at 4:04pm on March 26, 2021\n\nTwo were shot Friday.")
    found = {e.text.strip(): _stamped(e) for s in doc.sents for e in time_expressions(s)}
    assert found.get("March 26, 2021") is True
    assert found.get("Friday") is False


def test_a_date_told_as_still_to_come_dates_nothing() -> None:
    text = (
        "A teen was killed in a shooting in Tucumcari, police said.\n\n"
        "The school district will have counselors at the school on Monday for students."
    )
    events = _events(text, dt.date(2021, 3, 12))
    killed = next(e for e in events if e.event_type == "ASSAULT")
    assert killed.time is None or killed.time.start != dt.date(2021, 3, 8)


def test_a_funeral_day_gives_way_to_the_killing_day() -> None:
    text = (
        "Four children killed by their father were remembered in funeral services on "
        "Saturday.\n\n"
        "The children were shot dead along with their mother near Platte on March 4."
    )
    events = _events(text, dt.date(2021, 3, 13))
    killed = _of(events, "killed")
    assert killed.time is not None
    assert killed.time.start == dt.date(2021, 3, 4)


def test_a_range_takes_the_day_a_telling_of_the_incident_gives() -> None:
    text = (
        "Warrants: teen's gunshot wound was self-inflicted\n\n"
        "A teen who died of a gunshot wound to the head earlier this month shot himself, "
        "warrants say.\n\n"
        "The family said he was a good student.\n\n"
        "Neighbours said the street is quiet.\n\n"
        "On April 1, officers responded to a home on Elm Street shortly before 12:30 a.m."
    )
    events = _events(text, dt.date(2021, 4, 5))
    wound = next(e for e in events if e.event_type == "ASSAULT")
    assert wound.time is not None
    assert (wound.time.start, wound.time.precision) == (dt.date(2021, 4, 1), Precision.day)


def test_a_sentence_received_is_a_later_act_and_the_shooting_day_dates_the_killing() -> None:
    text = (
        "Man sentenced to prison for killing girlfriend\n\n"
        "A man who accidentally shot and killed his girlfriend has been sentenced to 20 "
        "years in prison.\n\n"
        "He received the sentence Monday in district court.\n\n"
        "He pleaded guilty in April to manslaughter in the Jan. 1 shooting death of his "
        "girlfriend."
    )
    events = _events(text, dt.date(2021, 6, 9))
    killing = next(e for e in events if e.event_type == "ASSAULT")
    assert killing.time is not None
    assert killing.time.start == dt.date(2021, 1, 1)


def test_the_day_the_police_were_called_dates_the_incident() -> None:
    text = (
        "Accidental shooting sends juvenile to hospital\n\n"
        "Daily Journal\n\n"
        "RIVERSIDE – A county boy is recovering from what appears to be an accidental gunshot "
        "wound.\n\n"
        "The County Sheriff's Department was called to the medical center on Saturday about "
        "a person who had been shot. Deputies said the boy and a brother had been target "
        "shooting with a pistol."
    )
    events = _events(text, dt.date(2021, 3, 10))
    shot = next(e for e in events if e.event_type == "ASSAULT")
    assert shot.time is not None
    assert (shot.time.start, shot.time.basis) == (dt.date(2021, 3, 6), DateBasis.expression)


def test_a_month_does_not_take_a_day_told_far_from_the_lead() -> None:
    text = (
        "Two plead guilty in bar shooting\n\n"
        "A man pleaded guilty to manslaughter Thursday in the May 2020 death of Jamal Sutton.\n\n"
        "The judge will sentence him in March.\n\n"
        "His lawyer said he was sorry.\n\n"
        "The family left the courtroom in tears.\n\n"
        "The bar has since closed.\n\n"
        "Several people were firing shots inside the bar on Elm Street just after 2 a.m. on "
        "May 14, the prosecutor said."
    )
    events = _events(text, dt.date(2021, 2, 19))
    death = _of(events, "death")
    assert death.time is not None
    assert death.time.precision == Precision.month
