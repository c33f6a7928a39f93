"""Tiny hand-written articles shared by the ingest tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

TAGGED_PAGE = (
    "Nigeria, Boko Haram, Militants Raid Village Near Lake Chad\n"
    "\n"
    "Militants Raid Village Near Lake Chad\n"
    "Suspected militants raided a fishing village near Lake Chad on Friday, burning homes "
    "and killing four fishermen, a local official said.\n"
    "\n"
    "The army said troops had been sent to the area.\n"
)

PLAIN_WITH_HEADLINE = (
    "Police Arrest Six After Protest Turns Violent\n"
    "\n"
    "Police arrested six people after a protest in the capital turned violent on Saturday, "
    "a spokesman said.\n"
)

PLAIN_NO_HEADLINE = (
    "Police arrested six people after a protest in the capital turned violent on Saturday, "
    "a spokesman said.\n"
    "Two officers were hurt.\n"
)

Writer = Callable[[str, str | bytes], Path]
"""Writes text (UTF-8) or bytes to a file under tmp_path and returns its path."""
