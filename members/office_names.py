"""The names readers give offices, and the titles the members data gives them.

The search's office filter reads a reader's name through this table first, so that "Home
Secretary" finds whoever was Secretary of State for the Home Department and not the Shadow Home
Secretary. Keys are lower case; titles leave out the leading "The", which a title may or may not
carry.
"""

from __future__ import annotations

SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "prime minister": ("Prime Minister",),
    "pm": ("Prime Minister",),
    "deputy prime minister": ("Deputy Prime Minister",),
    "chancellor": ("Chancellor of the Exchequer",),
    "chancellor of the exchequer": ("Chancellor of the Exchequer",),
    "home secretary": ("Secretary of State for the Home Department",),
    "foreign secretary": ("Foreign Secretary", "Secretary of State for Foreign and Commonwealth Affairs"),
    "justice secretary": ("Secretary of State for Justice",),
    "lord chancellor": ("Lord Chancellor",),
    "defence secretary": ("Secretary of State for Defence",),
    "health secretary": ("Secretary of State for Health", "Secretary of State for Health and Social Care"),
    "education secretary": (
        "Secretary of State for Education",
        "Secretary of State for Education and Employment",
        "Secretary of State for Education and Skills",
        "Secretary of State for Children, Schools and Families",
    ),
    "work and pensions secretary": ("Secretary of State for Work and Pensions",),
    "transport secretary": ("Secretary of State for Transport",),
    "environment secretary": (
        "Secretary of State for Environment, Food and Rural Affairs",
        "Secretary of State for the Environment, Transport and the Regions",
    ),
    "culture secretary": ("Secretary of State for Culture, Media and Sport",),
    "business secretary": (
        "Secretary of State for Business, Innovation and Skills",
        "Secretary of State for Business, Enterprise and Regulatory Reform",
        "Secretary of State for Trade and Industry",
    ),
    "communities secretary": ("Secretary of State for Communities and Local Government",),
    "energy secretary": ("Secretary of State for Energy and Climate Change",),
    "international development secretary": ("Secretary of State for International Development",),
    "scottish secretary": ("Secretary of State for Scotland",),
    "welsh secretary": ("Secretary of State for Wales",),
    "northern ireland secretary": ("Secretary of State for Northern Ireland",),
    "chief secretary": ("Chief Secretary to the Treasury",),
    "leader of the house": ("Leader of the House of Commons",),
    "chief whip": ("Chief Whip", "Parliamentary Secretary to the Treasury"),
    "attorney general": ("Attorney General", "Attorney-General"),
    "solicitor general": ("Solicitor General", "Solicitor-General"),
    "shadow chancellor": ("Shadow Chancellor of the Exchequer",),
    "shadow home secretary": ("Shadow Home Secretary", "Shadow Secretary of State for the Home Department"),
    "shadow foreign secretary": (
        "Shadow Foreign Secretary",
        "Shadow Secretary of State for Foreign and Commonwealth Affairs",
    ),
    "leader of the opposition": ("Leader of the Opposition", "Leader of Her Majesty's Official Opposition"),
}


def titles_for(name: str) -> tuple[str, ...]:
    """The titles a reader's name for an office stands for; empty when it is no usual name."""
    key = " ".join(name.lower().replace("-", " ").split()).removeprefix("the ")
    return SHORT_NAMES.get(key, ())
