from django.urls import path

from newsroom import views

app_name = "newsroom"
# Item slugs must never be "tags", "rss" or "atom": these routes come first.
RESERVED_SLUGS = {"tags", "rss", "atom"}
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem-list"),
    path("tags/<slug:slug>/", views.TagNewsView.as_view(), name="tag-detail"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem-detail"),
]
