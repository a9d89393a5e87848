"""Party names in the reader's language, as TheyWorkForYou's Welsh interface gives them
("Llafur", "Ceidwadwyr", "Democratiaid Rhyddfrydol"); docs/welsh-glossary.md lists them.

Parties are stored by their English names, as the members data spells them, and speakers'
labels are stored in English ("Labour, Stockton North"): both are translated only as a page
shows them, so that what an import or an editor stores never depends on the language of the
page they worked in. An office title ("Liberal Democrat Chief Whip") is printed text and is
never translated; a party name the catalogue does not know is shown as stored.
"""

from __future__ import annotations

from django.utils.translation import pgettext, pgettext_lazy

# Every party name the members data and the debate pages use. The context keeps a party's
# name apart from the same English word elsewhere ("Independent", "Speaker").
# (Each name twice: makemessages reads only literal strings.)
PARTY_NAMES = {
    "Alliance": pgettext_lazy("party", "Alliance"),
    "Conservative": pgettext_lazy("party", "Conservative"),
    "Deputy Speaker": pgettext_lazy("party", "Deputy Speaker"),
    "Democratic Unionist Party": pgettext_lazy("party", "Democratic Unionist Party"),
    "Green Party": pgettext_lazy("party", "Green Party"),
    "Independent": pgettext_lazy("party", "Independent"),
    "Independent Conservative": pgettext_lazy("party", "Independent Conservative"),
    "Independent Labour": pgettext_lazy("party", "Independent Labour"),
    "Independent Ulster Unionist": pgettext_lazy("party", "Independent Ulster Unionist"),
    "Labour": pgettext_lazy("party", "Labour"),
    "Labour/Co-operative": pgettext_lazy("party", "Labour/Co-operative"),
    "Liberal Democrat": pgettext_lazy("party", "Liberal Democrat"),
    "Plaid Cymru": pgettext_lazy("party", "Plaid Cymru"),
    "Reform UK": pgettext_lazy("party", "Reform UK"),
    "Respect": pgettext_lazy("party", "Respect"),
    "Scottish National Party": pgettext_lazy("party", "Scottish National Party"),
    "Sinn Féin": pgettext_lazy("party", "Sinn Féin"),
    "Social Democratic and Labour Party": pgettext_lazy("party", "Social Democratic and Labour Party"),
    "Speaker": pgettext_lazy("party", "Speaker"),
    "Traditional Unionist Voice": pgettext_lazy("party", "Traditional Unionist Voice"),
    "UK Independence Party": pgettext_lazy("party", "UK Independence Party"),
    "UK Unionist Party": pgettext_lazy("party", "UK Unionist Party"),
    "Ulster Unionist Party": pgettext_lazy("party", "Ulster Unionist Party"),
    "Your Party": pgettext_lazy("party", "Your Party"),
}


def party_name(name: object) -> str:
    """A party's name (a Party or its stored name) in the active language."""
    text = str(name) if name is not None else ""
    return pgettext("party", text) if text in PARTY_NAMES else text


def translated_label(label: str) -> str:
    """A stored speaker's label as a page shows it: the party of a "Party, Constituency" label
    (or a label that is a party alone) in the active language; anything else as stored."""
    party, comma, rest = label.partition(", ")
    if party in PARTY_NAMES and (comma or not rest):
        return party_name(party) + comma + rest
    return label
