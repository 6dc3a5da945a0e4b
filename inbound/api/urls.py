from django.urls import path
from rest_framework.routers import SimpleRouter

from inbound.api import views

router = SimpleRouter()
router.register("mailboxes", views.MailboxViewSet, basename="mailbox")
router.register("integrations", views.IntegrationViewSet, basename="integration")

urlpatterns = [*router.urls, path("alerts/", views.AlertView.as_view(), name="alerts")]
