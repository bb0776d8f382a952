# ruff: noqa: E501 (dump lines are as long as the pages wrote them)
"""Archive documents of other years and sections, written like data/seeds/: one per variant
the archive has (issue 14). Each is the text of a dump; `encode()` gives the bytes the
importer takes. tests/factories.py builds the seed-like documents tests vary field by field.
"""

from newsroom.importer.reference import PARTICIPATING_STATES


def menu_of(year_states, operations=(), chair=None):
    """A navigation menu of an older year: its participating States as that year wrote
    them (names replaced per `year_states`), its field operations, its chairing State."""
    states = []
    for name in PARTICIPATING_STATES:
        name = year_states.get(name, name)
        if chair and name == chair[0]:
            name = f"{name} {chair[1]}"
        states.append(f"- {name}")
    lines = [
        "-",
        "Our work",
        "-",
        "Fields of work",
        "- Arms control",
        "- Policing",
        "- Field operations",
        "-",
        "Countries",
        "- All",
        "-",
        "Participating States",
        *states,
        "- Asian Partners for Co-operation",
        "- Mediterranean Partners for Co-operation",
        "-",
        "Structures and institutions",
        "- Chairpersonship",
        "-",
        "Secretariat",
        "- Secretary General",
        "- Conflict Prevention Centre",
        "- Institutions",
        "-",
        "Field operations",
        *(f"- {name}" for name in operations),
        "- Closed field activities",
        "- Parliamentary Assembly",
        "- About us",
    ]
    return "\n".join(lines) + "\n"


# --- 3. old names of countries, and both wordings of chairing ------------------------

MENU_1996 = menu_of(
    {"North Macedonia": "the former Yugoslav Republic of Macedonia", "Türkiye": "Turkey",
     "Czechia": "Czech Republic", "Moldova": "Republic of Moldova"},
    operations=["Mission to Croatia", "Mission to Skopje"],
    chair=("Switzerland", "– OSCE Chairmanship 1996"),
)  # fmt: skip
MENU_2014 = menu_of(
    {"North Macedonia": "The former Yugoslav Republic of Macedonia", "Türkiye": "Turkey",
     "Czechia": "Czech Republic", "The Netherlands": "Netherlands"},
    operations=["Mission to Skopje", "Office in Baku"],
    chair=("Switzerland", "- OSCE Chairpersonship 2014"),
)  # fmt: skip
MENU_2016 = menu_of(
    {"North Macedonia": "the former Yugoslav Republic of Macedonia", "Türkiye": "Republic of Turkey"},
    operations=["Mission to Skopje"],
    chair=("Germany", "— OSCE Chairmanship 2016"),
)  # fmt: skip


# --- 1. dates of lower precision -------------------------------------------------------

FIELD_OF_WORK_POLICING = """Policing
The OSCE helps participating States make their police services accountable and effective.
Our challenge
Policing that respects human rights is the backbone of public security.
Our action
We train police officers and advise on police reform.
Our teams
Our field operations work with police services across the region.
Our operations on the ground
Several field operations carry out police-related activities.
Programme Office in Dushanbe
Programme Office in Dushanbe
Established in 1994 as the OSCE Mission to Tajikistan, the Office works in all three dimensions.
Mission to Serbia
Mission to Serbia
Set up in March 2001, the Mission supports the reform of the police.
Mission to Bosnia and Herzegovina
Mission to Bosnia and Herzegovina
Established on 8 December 1995, the Mission works on human rights and security co-operation.
Mission to Moldova
Mission to Moldova
The Mission was deployed in the early 1990s and supports a lasting political settlement.
OSCE stories
Read up on the OSCE, our people on the ground and our work
"""


# --- 2. "(closed)" in news metadata ---------------------------------------------------

LISTING_CLOSED = """Newsroom
News and press releases
Mission to Croatia hands over its last projects
Publishing date: 21 December 2007
Content type: Press release
Where we are: OSCE Mission to Croatia (closed)
ZAGREB, 21 December 2007 – The OSCE Mission to Croatia handed over its last projects.
Observers report calm at the checkpoints
Publishing date: 30 September 2021
Content type: Spot report
Where we are: OSCE Observer Mission at the Russian Checkpoints Gukovo and Donetsk (closed)
Observers reported a calm situation at both checkpoints.
Monitors publish their final report
Publishing date: 31 March 2022
Content type: Report
Where we are: OSCE Special Monitoring Mission to Ukraine (closed), OSCE Project Co-ordinator in Ukraine (closed)
KYIV, 31 March 2022 – The monitors published their final report.
Office in Baku concludes its work
Publishing date: 4 August 2015
Content type: News
Where we are: OSCE Office in Baku (closed), OSCE Centre in Minsk (closed), OSCE Presence in Lowland (closed), OSCE Mission to Georgia (closed)
BAKU, 4 August 2015 – The OSCE Office in Baku concluded its work.
"""


# --- 4. places with and without diacritics; 5. other languages and scripts ------------

LISTING_PLACES = """Newsroom
News and press releases
Mission in Kosovo trains municipal officials
Publishing date: 3 March 2010
Where we are: OSCE Mission in Kosovo
PRIŠTINA, 3 March 2010 – The OSCE Mission in Kosovo trained 30 municipal officials.
Conference on community rights opens
Publishing date: 4 March 2010
Where we are: OSCE Mission in Kosovo
PRISTINA, 4 March 2010 – A conference on community rights opened today.
Mission supports local elections in Kosovo
Publishing date: 5 March 2010
Where we are: OSCE Mission in Kosovo
PRISHTINË/PRIŠTINA, 5 March 2010 – The Mission supported the local elections.
Chairperson meets Foreign Minister of Turkiye
Publishing date: 6 March 2010
Where we are: OSCE Chairpersonship
ANKARA, 6 March 2010 – The Chairperson met the Foreign Minister of Turkiye, Ivica Dacic said.
"""

NEWS_PAGE_RUSSIAN = """Пресс-релиз
ОБСЕ провела семинар для пограничников в Оше
- Date:
- Place:
- ОШ
- Source:
- OSCE Programme Office in Bishkek
ОШ, 5 марта 2019 г. – Программный офис ОБСЕ в Бишкеке провел семинар для пограничников.
В семинаре приняли участие 25 офицеров.
"""

LISTING_LANGUAGES = """Newsroom
News and press releases
OSCE trains judges in Vienna
Publishing date: 4 March 2019
Where we are: OSCE Secretariat
VIENNA, 4 March 2019 – The OSCE trained judges from the region for the first time.
L'OSCE forme des juges à Vienne
Where we are: OSCE Secretariat
VIENNE, 5 mars 2019 – L'OSCE a formé des juges de la région pour la première fois.
Die OSZE schult Richter in Wien
Where we are: OSCE Secretariat
WIEN, 6. März 2019 – Die OSZE hat Richter aus der Region geschult und mit den Gerichten gearbeitet.
L'OSCE forma i giudici a Roma
Where we are: OSCE Secretariat
ROMA, 7 marzo 2019 – L'OSCE ha formato i giudici della regione per la prima volta con una scuola.
La OSCE capacita a jueces en Madrid
Where we are: OSCE Secretariat
MADRID, 8 de marzo de 2019 – La OSCE capacitó a los jueces de la región para una mejor justicia.
La OSCE informa en agosto
Where we are: OSCE Secretariat
MADRID, 1 de agosto de 2019 – La OSCE publicó un informe para los jueces de la región.
"""


# --- 6. caption lines before the dateline -----------------------------------------------

NEWS_PAGE_CAPTIONED = """Press release
Border guards from Central Asia complete OSCE course in Dushanbe
- Date:
- Place:
- DUSHANBE
- Source:
- OSCE Programme Office in Dushanbe
Participants of the course at the OSCE Border Management Staff College, 3 March 2015. (OSCE/Nozim Kalandarov)
DUSHANBE, 3 March 2015 – Thirty border guards from Central Asia completed a course today.
"The course gave us tools we use every day," said one participant.
"""

NEWS_PAGE_PHOTO_LINE = """News
Mission to Skopje supports the census
- Date:
- Place:
- SKOPJE
- Source:
- OSCE Mission to Skopje
Photo: OSCE/Mirvete Islami
SKOPJE, 12 April 2021 – The OSCE Mission to Skopje supported the census commission.
"""


# --- 7. a rejected document ----------------------------------------------------------------

LISTING_BAD_DATE = """Newsroom
News and press releases
OSCE trains election officials
Publishing date: 14 May 2019
Where we are: OSCE Mission to Skopje
SKOPJE, 14 May 2019 – The OSCE trained 40 election officials.
OSCE opens a youth forum
Publishing date: 31 Smarch 2019
Where we are: OSCE Mission to Skopje
SKOPJE, 13 May 2019 – The OSCE opened a youth forum.
OSCE supports media
Publishing date: 12 May 2019
SKOPJE, 12 May 2019 – The OSCE supported the media.
"""


# Every good document above, as the importer takes them.
ARCHIVE = {
    "menu_1996.txt": MENU_1996,
    "menu_2014.txt": MENU_2014,
    "menu_2016.txt": MENU_2016,
    "policing.txt": FIELD_OF_WORK_POLICING,
    "closed.txt": LISTING_CLOSED,
    "places.txt": LISTING_PLACES,
    "russian.txt": NEWS_PAGE_RUSSIAN,
    "languages.txt": LISTING_LANGUAGES,
    "captioned.txt": NEWS_PAGE_CAPTIONED,
    "photo_line.txt": NEWS_PAGE_PHOTO_LINE,
}


def sources(*names):
    """(name, bytes) pairs of the named ARCHIVE documents, or of all of them."""
    return [(name, ARCHIVE[name].encode()) for name in names or ARCHIVE]
