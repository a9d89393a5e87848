"""What a browser posts from an admin form: read from the page itself, so the test posts every
field, inline and hidden input exactly as an editor's browser would."""

from __future__ import annotations

from urllib.parse import urlencode

from lxml import html as lxml_html

FORM = "application/x-www-form-urlencoded"


def posted_as_is(page: bytes) -> list[tuple[str, str]]:
    """The change form's fields as the page holds them (checkboxes only when ticked)."""
    document = lxml_html.fromstring(page.decode())
    form = next(form for form in document.forms if form.get("id", "").endswith("_form"))
    fields = []
    for element in form.inputs:
        name = element.get("name")
        if not name or element.get("type") in ("submit", "file", "button"):
            continue
        if element.tag == "select":
            chosen = list(element.value) if element.multiple else [element.value]
            fields += [(name, value) for value in chosen if value is not None]
        elif element.get("type") in ("checkbox", "radio"):
            if element.checked:
                fields.append((name, element.get("value", "on")))
        else:
            fields.append((name, element.value or ""))
    return fields + [("_continue", "Save and continue editing")]


def post_form(client, url: str, changes: dict | None = None):
    """Open ``url``'s form and post it back with ``changes`` made; returns the answer."""
    fields = posted_as_is(client.get(url).content)
    changes = dict(changes or {})
    fields = [(name, changes.pop(name, value)) for name, value in fields] + list(changes.items())
    return client.post(url, urlencode(fields), content_type=FORM)


def form_errors(page: bytes) -> list[str]:
    if not page:
        return []
    found = lxml_html.fromstring(page.decode()).xpath('//*[contains(@class, "errorlist")]')
    return [" ".join(error.text_content().split()) for error in found]
