"""The name variants the importer knew in 2025 (they were strings in
newsroom/importer/reference.py): from now on editors keep them in the admin."""

from django.db import migrations
from django.db.models.functions import Lower

COUNTRY = {
    "Czechia": ["Czech Republic"],
    "Türkiye": ["Turkey", "Republic of Turkey", "Republic of Türkiye"],
    "Russian Federation": ["Russia"],
    "United States of America": ["United States", "USA"],
    "United Kingdom": ["UK", "United Kingdom of Great Britain and Northern Ireland"],
    "The Netherlands": ["Netherlands", "Kingdom of the Netherlands"],
    "North Macedonia": [
        "Republic of North Macedonia",
        "former Yugoslav Republic of Macedonia",
        "Former Yugoslav Republic of Macedonia (the)",
        "FYROM",
    ],
    "Moldova": ["Republic of Moldova"],
    "Kyrgyzstan": ["Kyrgyz Republic"],
    "Holy See": ["Vatican"],
    "Republic of Korea": ["South Korea"],
    "Bosnia and Herzegovina": ["Bosnia-Herzegovina"],
}
STRUCTURE = {
    "Secretariat": ["Secretary General", "OSCE Secretary General"],
    "Chairpersonship": ["Chair", "Chairperson-in-Office", "Chairmanship", "Chairman-in-Office"],
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
    "Office for Democratic Institutions and Human Rights": ["ODIHR"],
    "High Commissioner on National Minorities": ["HCNM"],
    "Representative on Freedom of the Media": ["RFoM"],
    "Permanent Council": ["PC"],
    "Forum for Security Co-operation": ["FSC"],
    "Programme Office in Astana": ["Centre in Astana", "Programme Office in Nur-Sultan"],
    "Programme Office in Bishkek": ["Centre in Bishkek"],
    "Programme Office in Dushanbe": ["Office in Tajikistan", "Centre in Dushanbe"],
}
FIELD_OF_WORK = {
    "Combating trafficking in human beings": ["Combating human trafficking", "Anti-trafficking"],
    "Media freedom and development": ["Media freedom"],
    "National minority issues": ["Minority rights"],
    "Democratization": ["Democratisation"],
    "Cyber/ICT Security": ["Cyber security", "Cyber/ICT security"],
    "Reform and co-operation in the security sector": ["Security sector governance and reform"],
}
MEETING_SERIES = {"Gender equality conferences": ["Gender Equality Review Conferences"]}
PLACE = {
    "Prishtinë/Priština": ["Pristina", "Priština", "Prishtinë", "Prishtina"],
    "Kyiv": ["Kiev"],
    "Astana": ["Nur-Sultan"],
    "Ashgabat": ["Ashkhabad"],
    "Almaty": ["Alma-Ata"],
}
TABLES = {
    "country": COUNTRY,
    "structure": STRUCTURE,
    "field_of_work": FIELD_OF_WORK,
    "meeting_series": MEETING_SERIES,
    "place": PLACE,
}


def load(apps, schema_editor):
    NameVariant = apps.get_model("structures", "NameVariant")
    for of, table in TABLES.items():
        for current, names in table.items():
            for name in names:
                taken = NameVariant.objects.annotate(lower=Lower("name"))
                if not taken.filter(of=of, lower=name.lower()).exists():
                    NameVariant.objects.create(of=of, name=name, current=current)


def unload(apps, schema_editor):
    NameVariant = apps.get_model("structures", "NameVariant")
    for of, table in TABLES.items():
        for current, names in table.items():
            NameVariant.objects.filter(of=of, current=current, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("structures", "0002_dates_closed_source_name_variants")]

    operations = [migrations.RunPython(load, unload)]
