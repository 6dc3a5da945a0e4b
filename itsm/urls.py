"""Top-level URLs: pages per app, the API under /api/v1/, health and docs.

Each product app that has them contributes `<app>/api/urls.py` (mounted under /api/v1/)
and `<app>/urls.py` (its pages, full paths and an `app_name` of its own).
"""

from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from itsm import views

PRODUCT_APPS = [
    "accounts",
    "assets",
    "catalog",
    "incidents",
    "portal",
    "sla",
    "satisfaction",
    "maintenance",
    "approvals",
    "reports",
    "inbound",
    "audit",
    "knowledge",
]


def _has_module(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False


api_v1 = [
    *(
        path("", include(f"{app}.api.urls"))
        for app in PRODUCT_APPS
        if _has_module(f"{app}.api.urls")
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/v1/", include((api_v1, "api"))),
    *(path("", include(f"{app}.urls")) for app in PRODUCT_APPS if _has_module(f"{app}.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "itsm.views.error_400"
handler403 = "itsm.views.error_403"
handler404 = "itsm.views.error_404"
handler500 = "itsm.views.error_500"
