"""Stories in a small, safe Markdown: paragraphs, emphasis, lists and links, nothing else.

markdown-it renders with raw HTML and images switched off; nh3 then keeps
only an allow-list of tags, so nothing a person types can run in a browser.
"""
import html
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_parser = (MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True})
           .enable(["emphasis", "list", "link", "newline"]))

_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a"}
_ATTRIBUTES = {"a": {"href"}}
_SCHEMES = {"http", "https", "mailto"}


def render_story(text: str) -> Markup:
    """Safe HTML for a story's Markdown."""
    html = _parser.render(text or "")
    return Markup(nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                            link_rel="nofollow noopener noreferrer"))


def plain_text(text: str) -> str:
    """The story as plain text on one line: Markdown marks and tags removed, entities decoded (a
    template escapes it again)."""
    return " ".join(html.unescape(nh3.clean(_parser.render(text or ""), tags=set())).split())


# Pages of cards show the same stories again and again; rendering Markdown is the costly part.
@lru_cache(maxsize=2048)
def plain_excerpt(text: str, length: int = 200) -> str:
    """The story as plain text, cut at a word near ``length`` characters."""
    plain = plain_text(text)
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0] + "…"
