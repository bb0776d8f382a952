from django.urls import path

from newsroom import feeds, preview, views

app_name = "newsroom"
# Item slugs must never be one of these: their routes come first.
RESERVED_SLUGS = {"tags", "rss", "atom", "preview"}
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem-list"),
    # Feeds and tags come before the item route, which would otherwise take "rss" for a slug.
    path("rss/", feeds.conditional(feeds.NewsRssFeed()), name="feed-rss"),
    path("atom/", feeds.conditional(feeds.NewsAtomFeed()), name="feed-atom"),
    path("feed.json", feeds.conditional(feeds.NewsJsonFeed()), name="feed-json"),
    path("tags/<slug:slug>/", views.TagNewsView.as_view(), name="tag-detail"),
    path("preview/<uuid:uuid>/", preview.NewsItemPreviewView.as_view(), name="newsitem-preview"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem-detail"),
]
