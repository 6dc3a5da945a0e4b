from rest_framework.routers import SimpleRouter

from sla.api import views

router = SimpleRouter()
router.register("calendars", views.BusinessCalendarViewSet, basename="calendar")
router.register("sla-policies", views.SLAPolicyViewSet, basename="slapolicy")

urlpatterns = router.urls
