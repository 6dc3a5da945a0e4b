from django.urls import path
from rest_framework.routers import SimpleRouter

from knowledge.api import views

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")

urlpatterns = [
    *router.urls,
    # Registered here, not by incidents: the ticket's write side never imports knowledge.
    path("tickets/<int:pk>/article/", views.TicketArticleView.as_view(), name="ticket-article"),
    path(
        "tickets/<int:pk>/link-article/",
        views.LinkArticleView.as_view(),
        name="ticket-link-article",
    ),
]
