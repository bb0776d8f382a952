"""Template tags for discoverability: absolute URLs and schema.org JSON-LD (NewsArticle,
BreadcrumbList) written safely inside <script type="application/ld+json">."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def jsonld_script(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),
    )


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else settings.SITE_URL + url


@register.simple_tag(takes_context=True)
def absolute_uri(context, url):
    return _absolute(context.get("request"), str(url))


# Open Graph names a locale by language and territory.
OG_LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "de": "de_DE",
    "it": "it_IT",
    "ru": "ru_RU",
    "es": "es_ES",
}


@register.filter
def og_locale(language):
    return OG_LOCALES.get(language, "en_GB")


def _organisation(request):
    return {
        "@type": "Organization",
        "name": "Organization for Security and Co-operation in Europe",
        "alternateName": "OSCE",
        "url": _absolute(request, "/"),
    }


def newsarticle_data(item, request):
    url = _absolute(request, item.get_absolute_url())
    structures = list(item.structures.all())
    if item.source:
        author = {"@type": "Organization", "name": item.source}
    elif structures:
        author = {
            "@type": "Organization",
            "name": structures[0].name,
            "url": _absolute(request, structures[0].get_absolute_url()),
        }
    else:
        author = _organisation(request)
    about = [
        {"@type": "Thing", "name": topic.name, "url": _absolute(request, topic.get_absolute_url())}
        for topic in item.fields_of_work.all()
    ] + [
        {
            "@type": "Country",
            "name": country.name,
            "url": _absolute(request, country.get_absolute_url()),
        }
        for country in item.countries.all()
    ]
    headline = item.title if len(item.title) <= 110 else item.title[:109].rstrip() + "…"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": headline,
        "datePublished": item.publish_at.isoformat(),
        "dateModified": item.modified_at.isoformat(),
        "inLanguage": item.page_language,
        "publisher": _organisation(request),
        "author": author,
        "about": about or [_organisation(request)],
    }
    if item.lead:
        data["description"] = item.lead
    if item.news_type:
        data["articleSection"] = item.news_type.name
    if keywords := [tag.name for tag in item.tags.all()]:
        data["keywords"] = keywords
    if item.place:
        data["locationCreated"] = {"@type": "Place", "name": item.place}
    if item.lead_image:
        data["image"] = [_absolute(request, item.lead_image.file.url)]
    if structures:
        data["sourceOrganization"] = [
            {
                "@type": "Organization",
                "name": structure.name,
                "url": _absolute(request, structure.get_absolute_url()),
            }
            for structure in structures
        ]
    return data


@register.simple_tag(takes_context=True)
def newsitem_jsonld(context, item):
    return jsonld_script(newsarticle_data(item, context.get("request")))


def breadcrumb_data(crumbs, request):
    """The visible breadcrumbs (Home, then `crumbs`) as a schema.org BreadcrumbList."""
    trail = [(reverse("home"), "Home"), *crumbs]
    current = request.path if request is not None else None
    elements = []
    for position, (url, label) in enumerate(trail, start=1):
        element = {"@type": "ListItem", "position": position, "name": str(label)}
        if url or current:
            element["item"] = _absolute(request, str(url or current))
        elements.append(element)
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": elements,
    }


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context, crumbs=None):
    crumbs = crumbs if crumbs is not None else context.get("crumbs")
    if not crumbs:
        return ""
    return jsonld_script(breadcrumb_data(crumbs, context.get("request")))
