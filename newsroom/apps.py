from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"
    default = True  # "newsroom" in INSTALLED_APPS means this one, not the label configs below

    def ready(self):
        from newsroom import feeds, redirects, translations
        from osce_site import caching, surrogate

        caching.connect()
        surrogate.connect()
        redirects.connect()
        feeds.connect()
        translations.connect()


# Third-party apps under the names the admin's index shows editors (settings.INSTALLED_APPS).


class TagsConfig(TaggitAppConfig):
    default = False
    verbose_name = "Tags"


class SignInAttemptsConfig(AxesConfig):
    default = False
    verbose_name = "Sign-in attempts"
