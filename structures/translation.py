"""Taxonomy names and texts in the six languages (django-modeltranslation): `name_fr`,
`introduction_ru`, …; reading `name` gives the active language's, English where missing.

The original columns (`name`, `summary`, …) stay the English text: the importer, the API,
search and the news filters read them. The admin edits `name_en`; `keep_english_in_step`
copies it into `name` on every save, so the two never disagree.
"""

from django.db.models.signals import pre_save
from modeltranslation.translator import TranslationOptions, register, translator

from structures.models import Country, FieldOfWork, FieldOperation, MeetingSeries, Structure

ENGLISH = "en"


@register(FieldOfWork)
class FieldOfWorkTranslation(TranslationOptions):
    fields = ("name", "introduction", "challenge", "action")


@register(Structure)
class StructureTranslation(TranslationOptions):
    fields = ("name", "mandate", "summary")


@register(FieldOperation)  # a proxy of Structure, with its own admin
class FieldOperationTranslation(StructureTranslation):
    pass


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(MeetingSeries)
class MeetingSeriesTranslation(TranslationOptions):
    fields = ("name", "description")


def keep_english_in_step(sender, instance, **kwargs):
    """`name` = `name_en`; a new record made with `name` alone gets it as its `name_en`.
    (Assigning `name` while French is active writes `name_fr`, and never the English.)"""
    for field in translator.get_options_for_model(sender).fields:
        english = f"{field}_{ENGLISH}"
        value = instance.__dict__.get(english)
        if value in (None, "") and instance._state.adding:
            value = instance.__dict__.get(field)
        if value is None and not instance._meta.get_field(field).null:
            value = ""
        instance.__dict__[english] = value
        instance.__dict__[field] = value


def connect(*models):
    for model in models:
        pre_save.connect(keep_english_in_step, sender=model, dispatch_uid=f"mt-{model.__name__}")


connect(FieldOfWork, Structure, FieldOperation, Country, MeetingSeries)
