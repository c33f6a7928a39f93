"""The named entity a token belongs to, read from the tokens' IOB tags.

``doc.ents`` (and ``Span.ents``) builds every entity span of the document on each access, so
looking one up that way for every token or sentence makes extraction quadratic in article
length; the token's neighbours' IOB tags give the same entity in time of its own length.
"""

from __future__ import annotations

from spacy.tokens import Span, Token


def ent_of(token: Token) -> Span | None:
    """The named entity containing ``token``, if any."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)
