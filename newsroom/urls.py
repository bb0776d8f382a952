from django.urls import path

from newsroom import feeds, views

app_name = "newsroom"
# Item slugs must never be "tags", "rss" or "atom": these routes come first.
RESERVED_SLUGS = {"tags", "rss", "atom"}
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem-list"),
    # Feeds and tags come before the item route, which would otherwise take "rss" for a slug.
    path("rss/", feeds.conditional(feeds.NewsRssFeed()), name="feed-rss"),
    path("atom/", feeds.conditional(feeds.NewsAtomFeed()), name="feed-atom"),
    path("tags/<slug:slug>/", views.TagNewsView.as_view(), name="tag-detail"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem-detail"),
]
