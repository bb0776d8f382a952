"""Organisation facts the page dumps rely on but never state.

The dumps name the 57 participating States in their menus but only link to the partner
groups; they name field operations but not their host countries; they write names in
several ways. What follows fills those gaps; the names are the ones the current website
uses (older or shorter forms are structures.models.NameVariant rows, kept by editors).
The synthetic archive (newsroom/management/synthetic.py) files its news under the same
countries.
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

# The structures every site has. Other names of countries, structures, fields of work,
# meeting series and places are data editors keep (structures.models.NameVariant).
INSTITUTIONS = [
    "Office for Democratic Institutions and Human Rights",
    "High Commissioner on National Minorities",
    "Representative on Freedom of the Media",
]
DECISION_MAKING_BODIES = [
    "Permanent Council",
    "Forum for Security Co-operation",
    "Ministerial Council",
]

# Menu headings (and top-level entries) -> Structure.Kind values.
TOP_LEVEL_KINDS = {
    "chairpersonship": "chairpersonship",
    "secretariat": "secretariat",
    "parliamentary assembly": "parliamentary_assembly",
    "court of conciliation and arbitration": "court",
}
SECTION_KINDS = {"secretariat": "department", "field operations": "field_operation"}

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
    r"^(?:[\w'-]+\s+){0,3}?"  # 'Spillover Monitor', 'Observer', 'Special Monitoring', …
    r"(?:Mission|Presence|Centre|Programme Office|Office|Project Co-ordinator|Group|Representative"
    r"|Monitoring Mission|Assistance Group|Co-ordinator)\b.*\b(?:in|to|at)\s+(?P<place>.+)$",
    re.IGNORECASE,
)


# The tables above by folded name (structures.naming), for the look-ups below.
_CITIES = {fold(city): country for city, country in CITY_COUNTRIES.items()}
_NO_HOST_COUNTRY = {fold(place) for place in NO_HOST_COUNTRY}
_STRUCTURES = {
    structure_key(name)
    for name in (*INSTITUTIONS, *DECISION_MAKING_BODIES, *TOP_LEVEL_KINDS, "Secretariat")
}
_PLACES = {*_CITIES, *_NO_HOST_COUNTRY, *(fold(name) for name in PARTICIPATING_STATES)}


def looks_like_field_operation(name):
    return bool(FIELD_OPERATION_NAME.match(name))


def host_place(name):
    """'Programme Office in Bishkek' -> 'Kyrgyzstan', 'Mission to Moldova' -> 'Moldova':
    the country a field operation's name points at, as written (names.py resolves it);
    None when it names none or a territory that is no State."""
    if not (m := FIELD_OPERATION_NAME.match(name)):
        return None
    place = fold(m["place"])
    if place in _NO_HOST_COUNTRY:
        return None
    return _CITIES.get(place, m["place"])


def names_a_structure(name):
    """Whether `name` is, as a whole, the name of a structure every site has or of a field
    operation in a known place ('OSCE Mission to Skopje'; not 'Mission to Skopje opens a
    library'). The database's own structures are newsroom.importer.names's to find."""
    if structure_key(name) in _STRUCTURES:
        return True
    m = FIELD_OPERATION_NAME.match(name.strip())
    return bool(m) and fold(m["place"].strip().rstrip(".")) in _PLACES
