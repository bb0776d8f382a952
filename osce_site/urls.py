from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from osce_site import views
from osce_site.sitemaps import sitemaps

handler404 = "osce_site.errors.page_not_found"
handler500 = "osce_site.errors.server_error"
# Refusals inside the admin render in the admin's layout with a reason and a way back.
handler400 = "newsroom.editorial.refusals.bad_request"
handler403 = "newsroom.editorial.refusals.permission_denied"

# Without a language prefix: the admin, the API, the sitemap, robots.txt and /healthz.
urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("api.urls")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
# The public pages, in every language of settings.LANGUAGES: English unprefixed, the others
# under /fr/, /de/, /it/, /ru/, /es/ (osce_site/middleware/language.py activates the one
# the URL names).
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("newsroom/", include("newsroom.urls")),
    path("publications/", include("publications.urls")),
    path("search/", views.SiteSearchView.as_view(), name="site-search"),
    path("documents/", include("library.urls")),
    path("alerts/", include("alerts.urls")),
    path("", include("structures.urls")),
    prefix_default_language=False,
)

if settings.BENCH_BASELINE:
    urlpatterns.append(path("bench/baseline/", views.baseline, name="bench-baseline"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
