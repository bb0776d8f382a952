"""Small documents in the dump formats, built inline so each test shows what it feeds in."""

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"

FIELDS = ["Arms control", "Elections", "Youth"]
SECRETARIAT = ["Conflict Prevention Centre", "Transnational Threats Department"]
OPERATIONS = ["Mission to Skopje", "Programme Office in Bishkek", "Mission in Kosovo"]
STATES = ["Albania", "Czech Republic", "Finland – OSCE Chairpersonship 2025", "Kyrgyzstan"]


def seed(prefix):
    """The bytes of the seed document whose name starts with `prefix` ('001' …)."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


def menu(
    fields=FIELDS,
    states=STATES,
    secretariat=SECRETARIAT,
    operations=OPERATIONS,
    meetings=("Summit meetings", "Ministerial Council meetings"),
    leadership=None,
):
    lines = ["-", "Our work", "-", "Fields of work"]
    lines += [f"- {name}" for name in [*fields, "Field operations", "Projects"]]
    lines += ["-", "Meetings and conferences"]
    lines += [f"- {name}" for name in [*meetings, "Partnerships"]]
    lines += ["-", "Countries", "- All", "-", "Participating States"]
    lines += [f"- {name}" for name in states]
    lines += ["- Asian Partners for Co-operation", "- Mediterranean Partners for Co-operation"]
    lines += ["-", "Structures and institutions", "- Chairpersonship", "-", "Secretariat"]
    lines += ["- Secretary General", *(f"- {name}" for name in secretariat), "- Institutions"]
    lines += ["-", "Field operations", *(f"- {name}" for name in operations)]
    lines += ["- Closed field activities", "- Parliamentary Assembly"]
    lines += ["- Court of Conciliation and Arbitration", "- Organizational structure"]
    if leadership is None:
        lines += ["- About us"]
    else:
        lines += ["-", "About us", "- Participating States", "- Chair", "-", "Leadership"]
        lines += [f"- {title}" for title in leadership]
        lines += ["- Our history", "- Employment"]
    return "\n".join(lines) + "\n"


def listing_item(
    title="OSCE trains border guards",
    date="15 May 2025",
    content_type="News",
    where="OSCE Mission to Skopje",
    what="Border management",
    lead="SKOPJE, 15 May 2025 – The OSCE trained 20 border guards.",
    order=("date", "type", "where", "what"),
):
    """One listing item; pass None to leave a metadata line out."""
    meta = {
        "date": date and f"Publishing date: {date}",
        "type": content_type and f"Content type: {content_type}",
        "where": where and f"Where we are: {where}",
        "what": what and f"What we do: {what}",
    }
    lines = [title, *(meta[key] for key in order if meta[key])]
    if lead is not None:
        lines.append(lead)
    return "\n".join(lines) + "\n"


def listing(*items, header=True, with_menu=False):
    text = menu() if with_menu else ""
    if header:
        text += "Newsroom\nNews and press releases\n"
    return (text + "".join(items or [listing_item()])).encode()


def news_page(
    content_type="Press release",
    title="Chairman-in-Office visits Kosovo",
    date="",
    place=("PRISTINA",),
    source=("OSCE Chairpersonship",),
    fields=(),
    body=(
        "PRISTINA, 6 February 2008 - The OSCE's work should continue, said the Chairman.",
        '"I fully support the work of the OSCE Mission here," said the Minister.',
    ),
    with_menu=True,
):
    lines = [content_type] if content_type else []
    lines += [title, f"- Date: {date}".rstrip()]
    lines += ["- Place:", *(f"- {value}" for value in place)]
    lines += ["- Source:", *(f"- {value}" for value in source)]
    lines += ["- Fields of work:", *(f"- {value}" for value in fields)]
    lines += body
    return ((menu() if with_menu else "") + "\n".join(lines)).encode()


def team(name, description):
    return f"{name}\n{name}\n{description}\n"


def field_of_work_page(
    title="Elections",
    teams=None,
    related=("Projects", "Initiatives funded by states", "OSCE stories", "Read up on the OSCE"),
    with_menu=True,
):
    text = menu() if with_menu else ""
    text += (
        f"{title}\n"
        "Democratic elections form the basis for legitimate government.\n"
        "Our challenge\n"
        "Free and fair elections are the backbone of democracy.\n"
        "Our action\n"
        "We observe elections.\n"
        "Our teams\n"
        "Our institutions bring expert skills.\n"
        "Our institutions and offices\n"
        "Our flagship institution is the Office for Democratic Institutions and Human Rights.\n"
        "Our operations on the ground\n"
        "Several field operations carry out elections-related activities.\n"
    )
    if teams is None:
        teams = [
            team(
                "Presence in Albania",
                "Established on 27 March 1997 with the mandate to promote democratization.",
            ),
            team("Centre in Ashgabat", "Set up on 23 July 1998, the Centre works on many issues."),
        ]
    text += "".join(teams) + "".join(f"{line}\n" for line in related)
    return text.encode()


def article(
    headline="The OSCE is the largest regional security organisation.",
    caption="Observers in Albania, 1997. Photo: The Danish Defence.",
    paragraphs=("The OSCE has 57 participating States.", "Its headquarters are in Vienna."),
):
    lines = [headline, ""]
    if caption:
        lines.append(caption)
    lines += paragraphs
    return "\n".join(lines).encode()
