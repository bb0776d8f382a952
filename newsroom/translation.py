"""Content types' names in the six languages (django-modeltranslation; see structures)."""

from modeltranslation.translator import TranslationOptions, register

from newsroom.models import NewsType
from structures.translation import connect


@register(NewsType)
class NewsTypeTranslation(TranslationOptions):
    fields = ("name", "plural")


connect(NewsType)
