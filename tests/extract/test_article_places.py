"""Events whose sentences name no known place are placed from the rest of the article."""

from __future__ import annotations

from newsevents.extract.article_places import locate_from_article, police_town
from newsevents.extract.geocode import geocode_article
from newsevents.model import Event, PlaceBasis, PlaceMention, Span
from newsevents.nlp.pipeline import parse


def _event(text: str, *places: str, id: str = "e1") -> Event:
    spans = []
    for name in places:
        at = text.index(name)
        spans.append([Span(start=at, end=at + len(name), text=name)])
    return Event(
        id=id,
        article_id="a1",
        event_type="COERCE",
        triggers=[Span(start=0, end=4, text="held")],
        places=[
            PlaceMention(text=p, spans=s, is_event_location=i == 0)
            for i, (p, s) in enumerate(zip(places, spans, strict=True))
        ],
    )


def _located(text: str, *events: Event) -> list[Event]:
    doc = parse(text)
    found, named = geocode_article(list(events), text, doc)
    return locate_from_article(found, named, doc)


TEXT = (
    "Police held an activist in Minsk on Monday. Officers later raided a flat in Grodno. "
    "They detained 600 protesters, witnesses said."
)


def test_an_event_without_a_place_takes_the_one_country_of_the_article() -> None:
    *_, detained = _located(
        TEXT, _event(TEXT, "Minsk"), _event(TEXT, "Grodno", id="e2"), _event(TEXT, id="e3")
    )
    (where,) = detained.places
    assert (where.country_iso3, where.is_event_location) == ("BLR", True)
    assert where.precision in ("country", "region")
    assert where.confidence < 0.5
    # The evidence is where the article names its places in that country.
    assert {s.text for s in where.spans} <= {"Minsk", "Grodno"}
    assert where.spans


def test_an_unknown_place_keeps_its_name_and_gains_the_country() -> None:
    text = TEXT + " Guards beat a man at Qorvalt Yard."
    _, depot = _located(text, _event(text, "Minsk"), _event(text, "Qorvalt Yard", id="e2"))
    assert depot.places[0].text == "Qorvalt Yard"
    assert depot.places[0].country_iso3 == "BLR"


def test_no_country_when_the_article_is_about_several() -> None:
    text = "Police held an activist in Minsk. Troops shelled Kharkiv. Police detained 600."
    events = _located(
        text, _event(text, "Minsk"), _event(text, "Kharkiv", id="e2"), _event(text, id="e3")
    )
    assert events[-1].places == []


def test_events_with_places_are_left_alone() -> None:
    (event,) = _located(TEXT, _event(TEXT, "Minsk"))
    assert [p.text for p in event.places] == ["Minsk"]
    assert event.places[0].country_iso3 == "BLR"


def test_the_division_too_when_the_article_stays_in_one() -> None:
    text = (
        "Gunmen shot a guard in Ferguson on Monday. Police later searched a house in "
        "Florissant and a car in Ferguson. A man was shot dead, police said."
    )
    *_, shot = _located(
        text, _event(text, "Ferguson"), _event(text, "Florissant", id="e2"), _event(text, id="e3")
    )
    (where,) = shot.places
    assert (where.country_iso3, where.admin1) == ("USA", "Missouri")


def test_an_unknown_street_takes_the_town_that_follows_it() -> None:
    text = (
        "Police are investigating a shooting. It happened in the 1100 block of Qorvalt "
        "Street in Aliquippa, Pennsylvania, police said."
    )
    (event,) = _located(text, _event(text, "Qorvalt Street"))
    where = event.places[0]
    assert where.text == "Qorvalt Street"
    assert (where.country_iso3, where.admin1) == ("USA", "Pennsylvania")
    assert where.latitude is not None
    # The town it lies in is cited beside the street itself.
    assert [s.text for s in where.spans] == ["Qorvalt Street", "Aliquippa"]
    assert where.basis == PlaceBasis.container


def test_a_verb_between_the_street_and_the_town_breaks_the_link() -> None:
    text = "Two men were shot on Qorvalt Street and later driven to Pittsburgh, police said."
    doc = parse(text)
    found, named = geocode_article([_event(text, "Qorvalt Street")], text, doc)
    from newsevents.extract.article_places import container

    assert container(found[0].places[0], named, doc) is None


def test_the_dateline_town_places_an_event_with_no_place() -> None:
    text = (
        "LEHIGH ACRES, Fla. – A man said his gun went off while he cleaned it, wounding "
        "his daughter at home on Sunday. Deputies from the Lee County Sheriff's Office came."
    )
    (event,) = _located(text, _event(text))
    where = event.places[0]
    assert (where.name, where.country_iso3, where.admin1) == ("Lehigh Acres", "USA", "Florida")
    assert where.is_event_location and where.confidence < 0.5
    assert where.basis == PlaceBasis.article


def test_the_article_names_set_the_scene_when_the_events_name_none() -> None:
    text = (
        "Four people were found dead after a shooting in Bastrop, Texas, on Saturday. "
        "The Bastrop police said the complex was secure. Neighbours in Bastrop heard shots."
    )
    (event,) = _located(text, _event(text))
    where = event.places[0]
    assert (where.country_iso3, where.admin1, where.name) == ("USA", "Texas", "Bastrop")


def test_nationalities_do_not_set_the_scene() -> None:
    text = (
        "A Kenyan blogger was arrested in Qatar. British and Kenyan groups called for his "
        "release. He is held in Qatar, his lawyer said."
    )
    (event,) = _located(text, _event(text))
    assert event.places[0].country_iso3 == "QAT"


def test_one_word_of_a_persons_name_is_no_place() -> None:
    text = (
        "Marta Hernandez heard three shots in Bastrop, Texas. Marta said the shots broke "
        "her window."
    )
    doc = parse(text)
    _, named = geocode_article([], text, doc)
    assert "Marta" not in {p.span.text for p in named}
    assert "Bastrop" in {p.span.text for p in named}


def test_a_street_named_after_a_town_is_no_town() -> None:
    text = "A man was shot on Antwerp Avenue in Dayton, Ohio, on Sunday, police said."
    (event,) = _located(text, _event(text, "Antwerp Avenue"))
    where = event.places[0]
    assert (where.country_iso3, where.admin1) == ("USA", "Ohio")


def test_the_block_of_a_state_name_is_a_street() -> None:
    text = (
        "Police in St. Louis, Missouri, said a man was shot on the 3000 block of Utah on "
        "Saturday. Officers in St. Louis are investigating."
    )
    (event,) = _located(text, _event(text, "Utah"))
    assert event.places[0].admin1 == "Missouri"


def test_a_see_also_line_split_by_the_parser_is_still_a_link() -> None:
    from newsevents.extract.article import extract_article
    from newsevents.ingest import read_text

    text = (
        "Police said two men were shot in St. Louis on Sunday.\n\n"
        "See also: Deandre Thomas: Man Killed in North St. Louis Alleyway, Suspect At Large\n\n"
        "Officers are investigating."
    )
    events = extract_article(read_text(text, source_path="t.txt")).events
    assert not any("Killed" in [t.text for t in e.triggers] for e in events)


def test_the_main_incident_takes_the_address_of_the_sentence_telling_where_it_happened() -> None:
    text = (
        "Police are investigating a fatal shooting in Beaver County. It happened around 8:30 "
        "p.m. in the 1100 block of Qorvalt Street in Aliquippa. Three people were in a car "
        "when a man opened fire."
    )
    event = _event(text).model_copy(
        update={
            "confidence": 0.9,
            "sentences": [Span(start=text.index("Three"), end=len(text), text="Three ...")],
        }
    )
    (located,) = _located(text, event)
    where = located.places[0]
    assert where.text == "1100 block of Qorvalt Street"
    assert (where.country_iso3, where.admin1) == ("USA", "Pennsylvania")


def test_one_of_several_incidents_is_not_it() -> None:
    text = (
        "Two men were shot in St. Louis on Saturday. One took place on the 3100 block of "
        "Qorvalt Street. Police in St. Louis are investigating."
    )
    event = _event(text, "St. Louis").model_copy(update={"confidence": 0.9})
    (located,) = _located(text, event)
    assert located.places[0].text == "St. Louis"


def test_the_main_incident_takes_the_articles_address_told_apart_from_the_act() -> None:
    text = (
        "A child was hospitalized after shooting himself in the hand in Jonesboro, Arkansas, "
        "on Sunday. Officers were called to the 9000 block of East 39th Place around 3 p.m."
    )
    event = _event(text).model_copy(
        update={
            "confidence": 0.9,
            "sentences": [Span(start=0, end=text.index(" Officers"), text="A child ...")],
        }
    )
    (located,) = _located(text, event)
    assert located.places[0].text == "9000 block of East 39th Place"


def test_streets_named_after_their_street_word() -> None:
    from newsevents.extract.article_places import addresses

    text = (
        "A bakery on Rue Victor Hugo was hit; shots on Avenida Bolivar; a march to Plaza de "
        "Mayo; Boulevard Saint-Germain was closed."
    )
    assert [text[a:b] for a, b in addresses(text)] == [
        "Rue Victor Hugo",
        "Avenida Bolivar",
        "Plaza de Mayo",
        "Boulevard Saint-Germain",
    ]


def test_a_court_is_no_street_address() -> None:
    from newsevents.extract.article_places import addresses

    text = "He appeared in the 177th State District Court and lived on 12 Gotham Court."
    assert [text[a:b] for a, b in addresses(text)] == ["12 Gotham Court"]


def test_addresses() -> None:
    from newsevents.extract.article_places import addresses

    text = (
        "He was shot on the 8600 block of Park Lane, in North St. Louis, near Southwest 25th "
        "Street and 202 Childers Drive. The Bank said so."
    )
    assert [text[a:b] for a, b in addresses(text)] == [
        "8600 block of Park Lane",
        "Southwest 25th Street",
        "202 Childers Drive",
    ]


def test_names_before_a_plural_street_word_are_streets() -> None:
    text = (
        "A man shot a woman near a store at Jones and Lake Mead boulevards in Las Vegas, "
        "Nevada, police in Las Vegas said."
    )
    doc = parse(text)
    _, named = geocode_article([], text, doc)
    assert "Jones" not in {p.span.text for p in named}


def test_an_address_with_no_town_in_its_sentence_lies_in_the_articles_town() -> None:
    text = (
        "DETROIT — A Detroit mother was charged after her son shot himself. Police said it "
        "happened at about 10:30 p.m. in the 6200 block of Qorvalt, on the city's east side."
    )
    event = _event(text).model_copy(update={"confidence": 0.9})
    (located,) = _located(text, event)
    where = located.places[0]
    assert where.text == "6200 block of Qorvalt"
    assert (where.name, where.admin1, where.country_iso3) == ("Detroit", "Michigan", "USA")
    assert where.latitude is not None


def test_an_unknown_street_of_a_story_set_in_one_town_takes_the_towns_point() -> None:
    text = (
        "ALIQUIPPA, Pa. — Aliquippa police said a man was shot on Qorvalt Avenue on Sunday. "
        "He was taken to a hospital. Aliquippa officers are searching for a car."
    )
    (located,) = _located(text, _event(text, "Qorvalt Avenue"))
    where = located.places[0]
    assert where.text == "Qorvalt Avenue"
    assert (where.name, where.admin1) == ("Aliquippa", "Pennsylvania")
    assert where.latitude is not None and where.basis == PlaceBasis.container


def test_an_event_naming_places_but_no_location_takes_the_dateline_town() -> None:
    text = (
        "BAKERSFIELD, Calif. - A pregnant woman was shot last night. Her uncle said the "
        "family lived in the building for years."
    )
    event = _event(text, "Calif.")
    event = event.model_copy(
        update={"places": [p.model_copy(update={"is_event_location": False}) for p in event.places]}
    )
    (located,) = _located(text, event)
    where = next(p for p in located.places if p.is_event_location)
    assert (where.name, where.admin1) == ("Bakersfield", "California")
    assert where.basis == PlaceBasis.article


def test_an_event_naming_a_place_abroad_keeps_no_location() -> None:
    text = (
        "Shelling hit Aleppo on Monday and Idlib on Tuesday; Aleppo residents fled to Idlib. "
        "Turkey condemned the attacks, Turkish officials said."
    )
    event = _event(text, "Turkey")
    event = event.model_copy(
        update={"places": [p.model_copy(update={"is_event_location": False}) for p in event.places]}
    )
    (located,) = _located(text, _event(text, "Aleppo", id="e0"), event)[1:]
    assert not any(p.is_event_location for p in located.places)


def test_an_act_during_another_takes_its_location() -> None:
    from newsevents.api import extract

    text = (
        "Security forces stormed a mosque in Deir el-Balah on Monday and destroyed it. "
        "During the mosque raid, the forces also arrested several members of the group."
    )
    arrest = next(e for e in extract(text) if e.mode == "arrest")
    where = next(p for p in arrest.places if p.is_event_location)
    assert where.name == "Deir El Balah" and where.basis == PlaceBasis.container


def test_a_place_tied_to_another_event_of_the_sentence_is_not_this_ones() -> None:
    from newsevents.api import extract

    text = (
        "Hamas has arrested dozens of supporters in recent weeks, following the takeover "
        "of the Yarmouk refugee camp near Damascus in a massive crackdown on extremists."
    )
    arrests = [e for e in extract(text) if e.mode == "arrest"]
    assert arrests
    for arrest in arrests:
        assert not any(p.is_event_location and p.text == "Damascus" for p in arrest.places)


def test_the_one_town_the_article_names_in_its_state_sets_the_scene() -> None:
    text = (
        "A man was shot on Qorvalt Avenue on Sunday, Jonesboro police said. The victim was "
        "taken to a hospital in Arkansas."
    )
    (located,) = _located(text, _event(text))
    where = located.places[0]
    assert (where.name, where.admin1) == ("Jonesboro", "Arkansas")
    # The street the article names lies in that town: the most specific place stated.
    assert where.text == "Qorvalt Avenue"
    assert where.basis == PlaceBasis.container


def test_one_name_alone_does_not_set_the_scene_at_a_town() -> None:
    text = "Militiamen burnt several houses and killed 4 people in Sibu Qorvalt woreda."
    (located,) = _located(text, _event(text))
    assert not any(p.name == "Sibu" for p in located.places)


def test_the_town_named_outside_the_events_places_sets_the_scene() -> None:
    text = (
        "A man was shot on Sunday, police in Ohio said. A Sandusky man was arrested, and "
        "police in Sandusky said the victim was recovering."
    )
    held, shot = _located(text, _event(text, "Ohio"), _event(text, id="e2"))
    for event in (held, shot):
        where = event.places[0]
        assert (where.name, where.admin1, where.is_event_location) == ("Sandusky", "Ohio", True)
    # The division the event named is still cited, no longer as its location.
    assert [p.text for p in held.places if not p.is_event_location] == ["Ohio"]


def test_a_county_of_the_story_does_not_hide_its_town() -> None:
    text = (
        "A teenager was shot on Saturday. Rusk County deputies said the Chetek teen was "
        "recovering, and Chetek police in Wisconsin asked for witnesses."
    )
    (shot,) = _located(text, _event(text))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Chetek", "Wisconsin")


def test_a_dateline_in_upper_and_lower_case_before_a_long_dash() -> None:
    text = "Detroit — A boy shot himself at home on Sunday, police in Michigan said."
    (shot,) = _located(text, _event(text))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Detroit", "Michigan")


def test_a_dateline_with_the_state_and_the_outlet() -> None:
    text = (
        "Boy shot\n\nGREENSBURG, Ind. (WISH) – A boy was shot by his brother at home, "
        "Decatur County officials said."
    )
    (shot,) = _located(text, _event(text))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Greensburg", "Indiana")


def test_the_dateline_picks_the_division_when_the_names_are_spread() -> None:
    text = (
        "INDIANAPOLIS (WISH) – A boy shot himself in the hand on Monday. His father had "
        "bought the gun in Denver, police said."
    )
    (shot,) = _located(text, _event(text))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Indianapolis", "Indiana")


def test_the_town_named_most_sets_the_division_when_the_names_are_spread() -> None:
    text = (
        "A man was shot on the North Side on Sunday, police in San Antonio said. The "
        "suspect had lived in Denver and in Boston before he moved to San Antonio."
    )
    (shot,) = _located(text, _event(text))
    assert (shot.places[0].name, shot.places[0].admin1) == ("San Antonio", "Texas")


def test_a_far_small_namesake_in_a_division_named_nowhere_else_is_part_of_the_town() -> None:
    text = (
        "A man was shot in Park Hill on Sunday, police in Denver said. Officers in Denver "
        "arrested a suspect."
    )
    (shot,) = _located(text, _event(text, "Park Hill"))
    where = shot.places[0]
    assert (where.text, where.name, where.admin1) == ("Park Hill", "Denver", "Colorado")
    assert where.basis == PlaceBasis.container


def test_a_far_small_namesake_the_events_name_yields_to_the_town_named_more() -> None:
    text = (
        "A boy was shot in Ensley on Sunday, Birmingham police said. Birmingham police "
        "arrested a suspect, and Birmingham officers are still searching the area."
    )
    (shot,) = _located(text, _event(text, "Ensley"))
    where = shot.places[0]
    assert (where.text, where.name, where.admin1) == ("Ensley", "Birmingham", "Alabama")


def test_a_far_small_namesake_the_events_name_yields_to_the_dateline() -> None:
    text = "COLUMBUS (WCMH) - Two girls were shot in Linden on Friday night, police said."
    (shot,) = _located(text, _event(text, "Linden"))
    where = shot.places[0]
    assert (where.text, where.name, where.admin1) == ("Linden", "Columbus", "Ohio")


def test_a_part_of_a_far_small_namesake_yields_to_the_dateline() -> None:
    text = "COLUMBUS (WCMH)–Police say two girls were shot Friday night in south Linden."
    (shot,) = _located(text, _event(text, "south Linden"))
    where = shot.places[0]
    assert (where.text, where.name, where.admin1) == ("south Linden", "Columbus", "Ohio")


def test_a_small_town_named_as_often_as_a_far_city_keeps_its_reading() -> None:
    text = (
        "A man was shot in Ensley on Sunday. The man, who had lived in Birmingham, was "
        "taken to a hospital in Ensley."
    )
    (shot,) = _located(text, _event(text, "Ensley"))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Ensley", "Florida")


def test_the_town_whose_police_the_article_names_sets_the_scene() -> None:
    text = (
        "A boy was shot on Upland Street in Homewood on Sunday, Pittsburgh Police said. "
        "The suspect was later seen in East Liberty and in Perry North."
    )
    (shot,) = _located(text, _event(text, "Homewood"))
    where = shot.places[0]
    assert (where.name, where.admin1) == ("Pittsburgh", "Pennsylvania")


def test_a_far_large_town_yields_to_the_town_whose_police_investigate() -> None:
    text = (
        "A man was shot on Hyde Park Boulevard in Hyde Park on Saturday, according to Los "
        "Angeles County records. Los Angeles Police Det. Dave Garr said he had no suspect."
    )
    (shot,) = _located(text, _event(text, "Hyde Park Boulevard"))
    where = shot.places[0]
    assert (where.name, where.admin1) == ("Los Angeles", "California")


def test_the_police_town_is_the_one_town_whose_police_the_article_names() -> None:
    def police(text: str) -> str | None:
        doc = parse(text)
        _, named = geocode_article([], text, doc)
        town = police_town(text, named)
        return None if town is None else town.resolution.place.name

    assert police("A teen was shot on Sunday, Milwaukee police said.") == "Milwaukee"
    assert police("A Denver Police Department spokesman said so.") == "Denver"
    assert police("Milwaukee police and Chicago police worked together.") is None
    assert police("A teen from Milwaukee was shot, police said.") is None


def test_a_far_town_of_a_division_the_article_names_keeps_its_reading() -> None:
    text = (
        "A man was shot in Park Hill, Oklahoma, on Sunday, police in Denver said. Officers "
        "in Denver arrested a suspect."
    )
    (shot,) = _located(text, _event(text, "Park Hill"))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Park Hill", "Oklahoma")


def test_one_town_read_by_its_own_name_sets_the_scene_alone() -> None:
    text = (
        "Police said six people were shot on Tuesday night. Cincinnati police responded at "
        "10 p.m. and found the victims."
    )
    (shot,) = _located(text, _event(text))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Cincinnati", "Ohio")


def test_the_dateline_sets_the_scene_of_an_article_naming_several_countries() -> None:
    text = (
        "NASHVILLE, Tenn. (WKRN) – A boy was found shot to death on Tuesday near Bordeaux "
        "Street. Detectives in Bordeaux said they had no suspect."
    )
    (shot,) = _located(text, _event(text))
    assert (shot.places[0].name, shot.places[0].admin1) == ("Nashville", "Tennessee")


def test_a_division_as_location_yields_to_the_town_the_event_names_in_it() -> None:
    text = "A woman shot her son at home in Clinton, Md., on Friday, police said."
    (shot,) = _located(text, _event(text, "Md.", "Clinton"))
    (where,) = [p for p in shot.places if p.is_event_location]
    assert (where.text, where.admin1) == ("Clinton", "Maryland")


def test_a_large_town_of_the_events_holds_its_division() -> None:
    text = (
        "A woman was shot near a store in Las Vegas on Wednesday, police said. Witnesses "
        "said the suspect drove to Mercedes and later returned to Mercedes, where he was "
        "arrested."
    )
    shot, held = _located(text, _event(text, "Las Vegas"), _event(text, id="e2"))
    assert shot.places[0].name == "Las Vegas"
    assert (held.places[0].admin1, held.places[0].name) == ("Nevada", "Las Vegas")


def test_a_street_takes_its_fullest_form_in_the_article() -> None:
    text = (
        "A man chased a woman near Lake Mead Boulevard in Las Vegas and shot her. Her body "
        "was found in the 6100 block of Lake Mead Boulevard."
    )
    event = _event(text, "Las Vegas").model_copy(
        update={
            "confidence": 0.9,
            "sentences": [Span(start=0, end=text.index(" Her"), text="A man ...")],
        }
    )
    (located,) = _located(text, event)
    assert located.places[0].text == "6100 block of Lake Mead Boulevard"


def test_a_neighbourhood_named_like_a_far_foreign_suburb_lies_in_the_articles_town() -> None:
    text = (
        "KNOXVILLE, Tenn. - A man was found shot in an alley at Western Heights on Sunday. "
        "Knoxville police said the man died at a hospital in Knoxville."
    )
    (shot,) = _located(text, _event(text, "Western Heights"))
    where = shot.places[0]
    assert (where.text, where.name, where.country_iso3, where.admin1) == (
        "Western Heights",
        "Knoxville",
        "USA",
        "Tennessee",
    )
    # The point is the town's: the neighbourhood itself is not placed more finely.
    assert where.precision == "district"
    assert where.basis == PlaceBasis.container
    assert [s.text for s in where.spans][:1] == ["Western Heights"]


def test_an_unknown_place_lies_in_the_town_an_article_of_several_countries_names_most() -> None:
    text = (
        "A man from Mexico was shot dead in Kelvyn Park on Friday. Chicago police said he had "
        "come from Mexico and Guatemala. Chicago police have no suspect."
    )
    (shot,) = _located(text, _event(text, "Kelvyn Park"))
    where = shot.places[0]
    assert (where.text, where.name, where.admin1, where.precision) == (
        "Kelvyn Park",
        "Chicago",
        "Illinois",
        "district",
    )
