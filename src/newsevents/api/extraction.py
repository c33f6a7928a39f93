"""``POST /api/extract``: the events of a text, extracted on the spot; nothing is stored."""

from __future__ import annotations

import datetime as dt
import threading

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from newsevents.api.errors import ApiError
from newsevents.api.responses import JSONBody, ok
from newsevents.errors import InputError

router = APIRouter()

# One extraction at a time: the spaCy pipeline is shared and not made for concurrent use,
# and with two cores a second parse in parallel would only slow both down.
_LOCK = threading.Lock()


class ExtractRequest(BaseModel):
    """The article to read."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1, description="The article text (the body, or title + body).")
    title: str | None = Field(default=None, description="Headline, if not the first line.")
    published: dt.date | None = Field(
        default=None, description="Publication date YYYY-MM-DD: anchors 'on Sunday'."
    )
    url: str | None = Field(default=None, description="Where it was published.")
    outlet: str | None = Field(default=None, description="Publishing outlet.")


@router.post("/api/extract", summary="Extract events from a text", response_class=JSONBody)
def extract_events(body: ExtractRequest) -> JSONBody:
    """The canonical records of the events in ``text`` (the first call loads the language
    model, a few seconds), and why none was found when none was."""
    from newsevents.extract.article import extract_article
    from newsevents.ingest import read_text

    try:
        article = read_text(
            body.text, published=body.published, outlet=body.outlet, url=body.url,
            title=body.title,
        )  # fmt: skip
    except InputError as exc:
        raise ApiError(422, f"text: {exc}") from None
    with _LOCK:
        result = extract_article(article)
    return ok(
        {
            "events": [event.model_dump(mode="json") for event in result.events],
            "reason": result.reason,
        }
    )
