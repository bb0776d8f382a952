"""Organisation facts the page dumps rely on but never state.

The dumps name the 57 participating States in their menus but only link to the partner
groups; they name field operations but not their host countries; they write names in
several ways. What follows fills those gaps. Canonical names are the ones the current
website uses; older or shorter forms are aliases. The synthetic archive
(newsroom/management/synthetic.py) files its news under the same countries.
"""

import re

from structures.naming import fold, structure_key

PARTICIPATING_STATES = [
    "Albania", "Andorra", "Armenia", "Austria", "Azerbaijan", "Belgium", "Belarus",
    "Bosnia and Herzegovina", "Bulgaria", "Canada", "Croatia", "Cyprus", "Czechia", "Denmark",
    "Estonia", "Finland", "France", "Georgia", "Germany", "Greece", "Holy See", "Hungary",
    "Iceland", "Ireland", "Italy", "Kazakhstan", "Kyrgyzstan", "Latvia", "Liechtenstein",
    "Lithuania", "Luxembourg", "Malta", "Moldova", "Monaco", "Mongolia", "Montenegro",
    "The Netherlands", "North Macedonia", "Norway", "Poland", "Portugal", "Romania",
    "Russian Federation", "San Marino", "Serbia", "Slovakia", "Slovenia", "Spain", "Sweden",
    "Switzerland", "Tajikistan", "Türkiye", "Turkmenistan", "Ukraine", "United Kingdom",
    "United States of America", "Uzbekistan",
]  # fmt: skip
ASIAN_PARTNERS = ["Afghanistan", "Australia", "Japan", "Republic of Korea", "Thailand"]
MEDITERRANEAN_PARTNERS = ["Algeria", "Egypt", "Israel", "Jordan", "Morocco", "Tunisia"]

# Names a country also goes by; matched as whole words in titles and leads.
COUNTRY_ALIASES = {
    "Czechia": ["Czech Republic"],
    "Türkiye": ["Turkey"],
    "Russian Federation": ["Russia"],
    "United States of America": ["United States", "USA"],
    "United Kingdom": ["UK", "United Kingdom of Great Britain and Northern Ireland"],
    "The Netherlands": ["Netherlands", "Kingdom of the Netherlands"],
    "North Macedonia": ["Republic of North Macedonia", "former Yugoslav Republic of Macedonia"],
    "Moldova": ["Republic of Moldova"],
    "Kyrgyzstan": ["Kyrgyz Republic"],
    "Holy See": ["Vatican"],
    "Republic of Korea": ["South Korea"],
}

INSTITUTIONS = {
    "Office for Democratic Institutions and Human Rights": ["ODIHR"],
    "High Commissioner on National Minorities": ["HCNM"],
    "Representative on Freedom of the Media": ["RFoM"],
}
DECISION_MAKING_BODIES = {
    "Permanent Council": ["PC"],
    "Forum for Security Co-operation": ["FSC"],
    "Ministerial Council": [],
}
# Names structures go by in news metadata and in leadership titles.
STRUCTURE_ALIASES = {
    # The Secretary General heads the Secretariat: news "where we are" means the Secretariat.
    "Secretariat": ["Secretary General", "OSCE Secretary General"],
    "Chairpersonship": ["Chair", "Chairperson-in-Office", "Chairmanship"],
    "Transnational Threats Department": [
        "TNTD",
        "Co-ordinator of Activities to Address Transnational Threats",
    ],
    "Office of Internal Oversight": ["Internal Oversight Services", "Internal Oversight"],
    "Department of Management and Finance": ["Management and Finance"],
    "Department of Human Resources": ["Human Resources"],
    "Gender Issues Programme": ["Senior Adviser on Gender Issues", "Gender Section"],
    "Office of the Special Representative and Co-ordinator for Combating Trafficking in "
    "Human Beings": [
        "Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
        "Special Representative and Co-ordinator for Combating Human Trafficking",
    ],
    "Office of the Co-ordinator of OSCE Economic and Environmental Activities": [
        "OCEEA",
        "Co-ordinator of OSCE Economic and Environmental Activities",
        "Office of the Co-ordinator of Economic and Environmental Activities",
    ],
    "Conflict Prevention Centre": ["CPC"],
    "Parliamentary Assembly": ["PA", "OSCE PA"],
    "Court of Conciliation and Arbitration": ["CCA"],
    **INSTITUTIONS,
    **DECISION_MAKING_BODIES,
}

# Menu headings (and top-level entries) -> Structure.Kind values.
TOP_LEVEL_KINDS = {
    "chairpersonship": "chairpersonship",
    "secretariat": "secretariat",
    "parliamentary assembly": "parliamentary_assembly",
    "court of conciliation and arbitration": "court",
}
SECTION_KINDS = {"secretariat": "department", "field operations": "field_operation"}

# Meeting series renamed between menus: old name -> current name.
MEETING_SERIES_ALIASES = {"Gender Equality Review Conferences": "Gender equality conferences"}

# Where a field operation's name gives a city rather than a country.
CITY_COUNTRIES = {
    "Almaty": "Kazakhstan",
    "Ashgabat": "Turkmenistan",
    "Astana": "Kazakhstan",
    "Baku": "Azerbaijan",
    "Bishkek": "Kyrgyzstan",
    "Dushanbe": "Tajikistan",
    "Kyiv": "Ukraine",
    "Minsk": "Belarus",
    "Osh": "Kyrgyzstan",
    "Skopje": "North Macedonia",
    "Tashkent": "Uzbekistan",
    "Tbilisi": "Georgia",
    "Yerevan": "Armenia",
    "Zagreb": "Croatia",
}
# Named after a territory that is none of the participating States.
NO_HOST_COUNTRY = {"Kosovo"}

FIELD_OPERATION_NAME = re.compile(
    r"^(?:Spillover Monitor |Special Monitoring |Assistance |Long-term |Permanent )?"
    r"(?:Mission|Presence|Centre|Programme Office|Office|Project Co-ordinator|Group|Representative"
    r"|Monitoring Mission|Assistance Group|Co-ordinator)\b.*\b(?:in|to|at)\s+(?P<place>.+)$",
    re.IGNORECASE,
)


# The tables above by folded name (structures.naming), for the look-ups below.
_COUNTRIES = {fold(c): c for c in PARTICIPATING_STATES + ASIAN_PARTNERS + MEDITERRANEAN_PARTNERS}
_COUNTRY_ALIASES = {
    fold(alias): country for country, aliases in COUNTRY_ALIASES.items() for alias in aliases
}
_CITIES = {fold(city): country for city, country in CITY_COUNTRIES.items()}
_NO_HOST_COUNTRY = {fold(place) for place in NO_HOST_COUNTRY}
_MEETING_SERIES = {fold(old): new for old, new in MEETING_SERIES_ALIASES.items()}
_STRUCTURES = {
    structure_key(name): canonical
    for canonical, aliases in STRUCTURE_ALIASES.items()
    for name in (canonical, *aliases)
}


def looks_like_field_operation(name):
    return bool(FIELD_OPERATION_NAME.match(name))


def host_country(name):
    """'Programme Office in Bishkek' -> 'Kyrgyzstan'; None when unknown or not a State."""
    if not (m := FIELD_OPERATION_NAME.match(name)):
        return None
    place = fold(m["place"])
    if place in _NO_HOST_COUNTRY:
        return None
    return _CITIES.get(place) or _COUNTRIES.get(place) or _COUNTRY_ALIASES.get(place)


def canonical_country(name):
    return _COUNTRY_ALIASES.get(fold(name), name)


def canonical_meeting_series(name):
    return _MEETING_SERIES.get(fold(name), name)


def canonical_structure(name):
    """'ODIHR' -> 'Office for Democratic Institutions and Human Rights'; others as given."""
    return _STRUCTURES.get(structure_key(name), name)
