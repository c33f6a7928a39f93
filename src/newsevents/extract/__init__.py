"""The extraction stage: triggers, participants, modality, attribution, claims, counts, dates.

``newsevents.extract`` is both this package and the public function
``newsevents.extract(text, published=None, outlet=None)``: importing a subpackage binds its
name on the parent package, which would otherwise hide the function, so the package module
itself is made callable and forwards to :func:`newsevents.api.extract`.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsevents.model import Event


class _CallableModule(types.ModuleType):
    def __call__(
        self, text: str, published: dt.date | str | None = None, outlet: str | None = None
    ) -> list[Event]:
        from newsevents.api import extract

        return extract(text, published=published, outlet=outlet)


sys.modules[__name__].__class__ = _CallableModule
