"""Top-level URLs: pages per app, the API under /api/v1/, health and docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from itsm import views

api_v1 = [
    path("", include("accounts.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include((api_v1, "api"))),
    path("", include(("accounts.urls", "accounts"))),
    path("admin/", admin.site.urls),
]

handler403 = "itsm.views.error_403"
handler404 = "itsm.views.error_404"
handler500 = "itsm.views.error_500"
