from django.urls import path

from newsroom.feeds import conditional
from publications import feeds, views

app_name = "publications"
urlpatterns = [
    path("", views.PublicationListView.as_view(), name="publication-list"),
    path("rss/", conditional(feeds.PublicationRssFeed()), name="feed-rss"),
    path("atom/", conditional(feeds.PublicationAtomFeed()), name="feed-atom"),
    path("feed.json", conditional(feeds.PublicationJsonFeed()), name="feed-json"),
    path(
        "preview/<uuid:uuid>/",
        views.PublicationPreviewView.as_view(),
        name="publication-preview",
    ),
    path("<slug:slug>/", views.PublicationDetailView.as_view(), name="publication-detail"),
]
