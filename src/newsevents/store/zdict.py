"""The preset zlib dictionary (version 1) that packs stored event records on SQLite.

zlib compresses a short record far better when it starts from text resembling it: with this
dictionary (the key layout of an Event as JSON plus common words) a typical record packs to
about 60 % of what plain zlib gives. Packed values carry the dictionary's version byte, so
this text is frozen: never edit it, since rows packed with it could no longer be read; add a
new version beside it instead.
"""

from __future__ import annotations

ZDICT_V1: bytes = (
    b"Explosions/Remote violence Remote explosive/landmine/IED Air/drone strike Shelli"
    b"ng/artillery/missile attack Battles Armed clash Strategic developments Arrests A"
    b"bduction/forced disappearance Protests Riots ASSAULT COERCE THREATEN ACCUSE fire"
    b"arms aerial heavy-weapons targeted abduct arrest seize military army soldiers se"
    b"curity forces troops militants fighters civilians residents according to the sai"
    b"d told reported a statement on Monday Tuesday Wednesday Thursday Friday Saturday"
    b' were killed and wounded in the attack by suspected {"id":"0123456789abcdef","ar'
    b'ticle_id":"0123456789abcdef","event_type":"ASSAULT","mode":"explosives","acled_e'
    b'vent_type":"Violence against civilians","acled_sub_event_type":"Attack","cameo_c'
    b'ode":"190","type_confidence":0.8,"triggers":[{"start":10,"end":16,"text":"killed'
    b'"},{"start":120,"end":127,"text":"attack"}],"sentences":[{"start":0,"end":96,"te'
    b'xt":"Gunmen killed at least 12 people in an attack on a police station in the no'
    b'rth of the country on Sunday, officials said."}],"roles":[{"role":"perpetrator",'
    b'"text":"gunmen","spans":[{"start":0,"end":6,"text":"Gunmen"}],"name":"gunmen","a'
    b'ctor_id":null,"kind":"armed_group","affiliation":null,"affiliation_id":null,"acc'
    b'ording_to":null,"country_iso3":null,"country_basis":null,"confidence":0.7},{"rol'
    b'e":"victim","text":"people","spans":[{"start":30,"end":36,"text":"people"}],"nam'
    b'e":"people","actor_id":"unk_0123456789","kind":"civilians","affiliation":"police'
    b'","affiliation_id":"police","according_to":"officials","country_iso3":"NGA","cou'
    b'ntry_basis":"event place","confidence":0.8},{"role":"target","text":"police stat'
    b'ion","spans":[{"start":40,"end":54,"text":"police station"}],"name":"police stat'
    b'ion","actor_id":null,"kind":"police","affiliation":null,"affiliation_id":null,"a'
    b'ccording_to":null,"country_iso3":"PAK","country_basis":"actor","confidence":0.6}'
    b',{"role":"detainee","text":"suspects","spans":[{"start":40,"end":48,"text":"susp'
    b'ects"}],"name":"suspects","actor_id":null,"kind":"unknown","affiliation":null,"a'
    b'ffiliation_id":null,"according_to":null,"country_iso3":null,"country_basis":"nat'
    b'ionality","confidence":0.5}],"instruments":[{"text":"roadside bomb","category":"'
    b'explosives","spans":[{"start":2,"end":15,"text":"roadside bomb"}],"confidence":0'
    b'.7}],"places":[{"text":"the city","spans":[{"start":60,"end":68,"text":"the city'
    b'"}],"is_event_location":true,"name":"Kabul","geonames_id":1138958,"latitude":34.'
    b'52813,"longitude":69.17233,"country_iso3":"AFG","admin1":"Kabul","precision":"ex'
    b'act place","confidence":0.7},{"text":"the region","spans":[{"start":70,"end":80,'
    b'"text":"the region"}],"is_event_location":false,"name":null,"geonames_id":null,"'
    b'latitude":null,"longitude":null,"country_iso3":null,"admin1":null,"precision":"r'
    b'egion","confidence":0.4}],"time":{"text":"on Sunday","spans":[{"start":90,"end":'
    b'99,"text":"on Sunday"}],"start":"2025-03-09","end":"2025-03-09","precision":"day'
    b'","basis":"expression","confidence":0.8},"killed":{"category":"killed","low":12,'
    b'"best":12,"high":null,"text":"at least 12 people","spans":[{"start":20,"end":38,'
    b'"text":"at least 12 people"}],"confidence":0.8},"injured":{"category":"injured",'
    b'"low":3,"best":3,"high":3,"text":"three were wounded","spans":[{"start":20,"end"'
    b':38,"text":"three were wounded"}],"confidence":0.6},"arrested":{"category":"arre'
    b'sted","low":5,"best":5,"high":5,"text":"arrested five","spans":[],"confidence":0'
    b'.6},"kidnapped":{"category":"kidnapped","low":2,"best":2,"high":2,"text":"abduct'
    b'ed two","spans":[],"confidence":0.6},"modality":"asserted","modality_cues":[{"st'
    b'art":100,"end":104,"text":"said"}],"modality_confidence":0.8,"attribution":[{"so'
    b'urce":"Reuters","kind":"publisher","actor_id":"reuters","text":"Reuters","cue":"'
    b'published","spans":[],"confidence":0.9},{"source":"officials","kind":"official",'
    b'"actor_id":null,"text":"officials","cue":"said","spans":[{"start":100,"end":109,'
    b'"text":"officials"}],"confidence":0.7}],"claims":[{"claimant":"Islamic State","c'
    b'laimant_text":"Islamic State","actor_id":"islamic_state","stance":"claimed","cue'
    b'":"claimed responsibility for","spans":[{"start":1,"end":2,"text":"Islamic State'
    b'"}],"confidence":0.8}],"confidence":0.75}'
)

#: sha256 of ZDICT_V1, checked by a test so that an accidental edit is caught.
ZDICT_V1_SHA256 = "7f15f1ea1b126f87a27a58a3968bd5bace1795224f9a37f374962f079743933d"
