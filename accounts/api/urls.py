from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import views

router = SimpleRouter()
router.register("users", views.UserViewSet, basename="user")
router.register("groups", views.SupportGroupViewSet, basename="group")
router.register("customer-units", views.CustomerUnitViewSet, basename="customerunit")

urlpatterns = [
    path("auth/token/", views.ObtainTokenView.as_view(), name="auth-token"),
    path("users/me/", views.MeView.as_view(), name="user-me"),
    *router.urls,
]
