"""An article body from Markdown to safe HTML: markdown-it-py, stable heading ids, then an nh3 allowlist.

Heading ids: a heading may end with an explicit anchor, `## Burning between the shoulder
blades {#burning}`; the `{#burning}` is removed from the text and becomes the heading's
id. A heading without one gets the slug of its text ("Aching and knots" -> "aching-and-knots").
Explicit anchors are the rule for sections named in front matter, so rewording a heading
never breaks a link stored with an earlier submission.

Raw HTML in the Markdown is shown as text, never as markup (markdown-it `html: False`);
nh3 then keeps only the tags and attributes listed here, as a second wall.
"""

import re
import unicodedata
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

ANCHOR_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ANCHOR_RE = re.compile(rf"^{ANCHOR_PATTERN}$")
# Anything in {#...} at the end of a heading; checked against ANCHOR_RE afterwards.
TRAILING_ANCHOR_RE = re.compile(r"\s*\{#([^{}]*)\}\s*$")

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "hr", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str
    written_anchor: str | None  # what was inside {#...}, if anything (may be invalid)


def slugify(text: str) -> str:
    """A stable ASCII id from heading text: lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "section"


def sanitize(html: str) -> str:
    """Keep only the allowlisted tags and attributes; drop scripts and styles with their content."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render(markdown_text: str) -> tuple[str, list[Heading]]:
    """Sanitized HTML and every heading in order (level, id, text)."""
    tokens = _markdown.parse(markdown_text)
    found = [(token, tokens[i + 1]) for i, token in enumerate(tokens) if token.type == "heading_open"]
    written = [_take_trailing_anchor(inline) for _, inline in found]
    # Explicit anchors are reserved first, so a generated id never takes one, whatever the order.
    taken = {anchor for anchor in written if anchor and ANCHOR_RE.match(anchor)}
    headings = []
    for (token, inline), anchor in zip(found, written):
        text = "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))
        text = " ".join(text.split())
        if anchor and ANCHOR_RE.match(anchor):
            heading_id = anchor
        else:
            heading_id = _unique(slugify(text), taken)
            taken.add(heading_id)
        token.attrSet("id", heading_id)
        headings.append(Heading(int(token.tag[1]), heading_id, text, anchor))
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return sanitize(html), headings


def _take_trailing_anchor(inline) -> str | None:
    """Remove a trailing {#anchor} from a heading's text and return what it named."""
    children = inline.children or []
    if not children or children[-1].type != "text":
        return None
    found = TRAILING_ANCHOR_RE.search(children[-1].content)
    if not found:
        return None
    children[-1].content = children[-1].content[: found.start()]
    inline.content = TRAILING_ANCHOR_RE.sub("", inline.content)
    return found.group(1).strip()


def _unique(candidate: str, taken: set[str]) -> str:
    heading_id, n = candidate, 2
    while heading_id in taken:
        heading_id, n = f"{candidate}-{n}", n + 1
    return heading_id
