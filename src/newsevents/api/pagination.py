"""The opaque ``next`` tokens of event lists.

A token is the keyset of the last event of a page, ``(event_date, pk)`` (see
:func:`newsevents.store.query.query_event_page`), with a fingerprint of the filter, as
URL-safe base64 of a small JSON array. The next page starts right after that event, so paging
visits every matching event exactly once however deep it goes. A token that does not decode,
or that belongs to another filter, is a 400: clients must treat tokens as opaque.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib

import orjson

from newsevents.api.errors import bad_parameter
from newsevents.store.query import EventFilter, EventKey

_VERSION = 1
#: Longest token accepted (ours are some 60 characters).
_MAX_TOKEN_CHARS = 200
_MAX_PK = 2**63 - 1


def _fingerprint(flt: EventFilter) -> str:
    data = flt.model_dump_json(exclude_none=True).encode("utf-8")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:10]


def encode_token(key: EventKey, flt: EventFilter) -> str:
    """The token of the page that starts after ``key``."""
    day, pk = key
    raw = orjson.dumps([_VERSION, day.isoformat() if day else None, pk, _fingerprint(flt)])
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(token: str, flt: EventFilter) -> EventKey:
    """The key a token names; a 400 naming ``next`` when it is not one of ours for ``flt``."""
    invalid = bad_parameter(
        "next", "not a token from a previous page; pass the 'next' value of the last response "
        "unchanged, with the same filters"
    )  # fmt: skip
    if len(token) > _MAX_TOKEN_CHARS:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        version, day, pk, fingerprint = orjson.loads(raw)
        key = (dt.date.fromisoformat(day) if day is not None else None, pk)
    except (binascii.Error, ValueError, TypeError, orjson.JSONDecodeError):
        raise invalid from None
    if version != _VERSION or not isinstance(pk, int) or isinstance(pk, bool):
        raise invalid
    # A row id is a positive 64-bit integer: a forged larger one would overflow the driver.
    if not 0 < pk <= _MAX_PK:
        raise invalid
    if fingerprint != _fingerprint(flt):
        raise bad_parameter("next", "the token belongs to a query with other filters")
    return key
