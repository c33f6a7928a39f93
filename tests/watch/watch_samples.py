"""Tiny articles, pages and feeds shared by the watch tests."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

BOMB = (
    "Bomb Kills Four Soldiers Near Gao",
    "A roadside bomb killed four soldiers near Gao on Sunday, the army said. No group has "
    "claimed responsibility for the attack, which happened on the road to Ansongo.",
)
RAID = (
    "Police Arrest Suspects in Karachi",
    "Police arrested five suspected militants in a raid in Karachi on Monday, officials said. "
    "Weapons and explosives were found in the house, a police spokesman told reporters.",
)
KIDNAP = (
    "Gunmen Kidnap Three Aid Workers in Borno",
    "Gunmen kidnapped three aid workers on a road in Borno state on Tuesday, the charity that "
    "employs them said. The army said troops were searching the area for the kidnappers.",
)
SPORT = (
    "Home Side Wins Derby",
    "The home side won the derby 2-0 on Saturday in front of a crowd of twenty thousand "
    "supporters, with the captain scoring twice after the break.",
)


def page(article: tuple[str, str]) -> str:
    """An HTML page carrying ``article`` (title, body)."""
    title, body = (escape(part) for part in article)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>{title}</h1><p>{body}</p>"
        "<p>More details were expected later in the day, according to local reporters.</p>"
        "</article><footer>Copyright The Test Courier</footer></body></html>"
    )


def text_file(article: tuple[str, str]) -> str:
    """``article`` as a plain-text article file."""
    return f"{article[0]}\n\n{article[1]}\n"


@dataclass(frozen=True)
class Item:
    """A feed entry to write."""

    id: str
    title: str
    link: str | None = None
    date: str = "Mon, 08 Mar 2021 10:00:00 GMT"
    summary: str = "Short teaser."
    content: str | None = None


def rss(title: str, items: list[Item]) -> str:
    """An RSS 2.0 document."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>"
        "<description>Test feed</description>"
    ]
    for item in items:
        parts.append(f"<item><guid isPermaLink='false'>{escape(item.id)}</guid>")
        parts.append(f"<title>{escape(item.title)}</title><pubDate>{item.date}</pubDate>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        parts.append(f"<description>{escape(item.summary)}</description>")
        if item.content:
            parts.append(f"<content:encoded>{escape(item.content)}</content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>\n")
    return "".join(parts)


def atom(title: str, items: list[Item]) -> str:
    """An Atom 1.0 document (dates are given in RSS form and written as 2021-03-08)."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test:feed</id>"
        "<updated>2021-03-08T10:00:00Z</updated>"
    ]
    for item in items:
        parts.append(f"<entry><id>{escape(item.id)}</id><title>{escape(item.title)}</title>")
        parts.append("<updated>2021-03-08T10:00:00Z</updated>")
        if item.link:
            parts.append(f'<link rel="alternate" href="{escape(item.link)}"/>')
        parts.append(f'<summary type="html">{escape(item.summary)}</summary>')
        if item.content:
            parts.append(f'<content type="html">{escape(item.content)}</content>')
        parts.append("</entry>")
    parts.append("</feed>\n")
    return "".join(parts)


CLASH = (
    "Rebels Attack Army Post in North Kivu",
    "Rebels attacked an army post in North Kivu on Wednesday, killing two soldiers, the "
    "provincial governor said. The army said it had pushed the attackers back.",
)

BAKERY = (
    "Bakery Wins Regional Prize",
    "A family bakery in the old town won the regional bread prize on Friday, beating forty "
    "other entries with a rye loaf baked to a recipe that is a hundred years old.",
)
