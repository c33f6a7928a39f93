"""``POST /api/extract``: the events of a text, extracted on the spot; nothing is stored.

The work runs in the application's extraction worker process (``extractor``): at most
``MAX_TEXT_CHARS`` characters (413 beyond), at most the extraction timeout (504 beyond, the
work abandoned), a few requests queued (503 with ``Retry-After`` beyond). A publication date
outside the accepted years is treated as absent, with a warning in the answer. Events below
``min_confidence`` (by default :data:`newsevents.decide.DEFAULT_MIN_CONFIDENCE`) are left
out, as ``newsevents extract`` leaves them out.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from newsevents.api.errors import ApiError
from newsevents.api.extractor import Extractor
from newsevents.api.filters import check_params
from newsevents.api.responses import JSONBody, ok
from newsevents.decide import DEFAULT_MIN_CONFIDENCE, is_confident, no_confident_event
from newsevents.limits import (
    MAX_TEXT_CHARS,
    date_in_range,
    date_out_of_range_reason,
    text_too_long_reason,
)

router = APIRouter()


class ExtractRequest(BaseModel):
    """The article to read."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(
        min_length=1,
        description=f"The article text (the body, or title + body), at most {MAX_TEXT_CHARS:,} "
        "characters.",
    )
    title: str | None = Field(default=None, description="Headline, if not the first line.")
    published: dt.date | None = Field(
        default=None,
        description="Publication date YYYY-MM-DD: anchors 'on Sunday'. Outside 1900-2100 it is "
        "treated as absent (with a warning).",
    )
    url: str | None = Field(default=None, description="Where it was published.")
    outlet: str | None = Field(default=None, description="Publishing outlet.")
    min_confidence: float = Field(
        default=DEFAULT_MIN_CONFIDENCE,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Keep only the events whose confidence (0..1, the probability that the "
        "record is a real, correctly typed incident) is at least this; higher favours "
        "precision, lower recall; 0 keeps every event.",
    )


def extractor(request: Request) -> Extractor:
    """The application's extraction worker."""
    found: Extractor = request.app.state.extractor
    return found


@router.post("/api/extract", summary="Extract events from a text", response_class=JSONBody)
async def extract_events(request: Request, body: ExtractRequest) -> JSONBody:
    """The canonical records of the events in ``text``, and why none was found when none was.

    The first call starts the extraction worker (it loads the language model: a few seconds).
    """
    check_params(request, ())
    if len(body.text) > MAX_TEXT_CHARS:
        raise ApiError(413, f"text: {text_too_long_reason(len(body.text))}")
    warnings: list[str] = []
    published = body.published
    if published is not None and not date_in_range(published):
        warnings.append(f"published: {date_out_of_range_reason(published)}")
        published = None
    job = {
        "text": body.text,
        "title": body.title,
        "published": published.isoformat() if published else None,
        "url": body.url,
        "outlet": body.outlet,
    }
    result = await extractor(request).extract(job)
    if "input_error" in result:
        raise ApiError(422, f"text: {result['input_error']}")
    # The worker answers JSON records: the cut of newsevents.decide, on their confidence.
    found = result["events"]
    events = [e for e in found if is_confident(e["confidence"], body.min_confidence)]
    reason = result["reason"]
    if found and not events:
        reason = no_confident_event(len(found), body.min_confidence)
    return ok({"events": events, "reason": reason, "warnings": warnings})
