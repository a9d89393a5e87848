"""The one sanitiser for speech HTML: an allow-list, applied to everything imported.

Only the markup the real data uses survives; nh3 does the parsing, we only state the policy.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "i", "em", "b", "strong", "u", "sup", "sub", "span", "a",
    "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
}  # fmt: skip
# `class` is allowed through ALLOWED_CLASSES only (nh3 refuses both for one tag).
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_CLASSES = {
    "p": {"italic", "indent", "motion"},
    "span": {"honfriend", "date", "standing-order", "offrep", "phrase"},
}


# Built once: the policy is fixed, and building it costs more than the cleaning.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitise_html(html: str) -> str:
    return _CLEANER.clean(html).strip()
