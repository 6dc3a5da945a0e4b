from rest_framework.routers import SimpleRouter

from maintenance.api import views

router = SimpleRouter()
router.register("maintenance-plans", views.MaintenancePlanViewSet, basename="maintenance-plan")
router.register(
    "maintenance-windows", views.MaintenanceWindowViewSet, basename="maintenance-window"
)

urlpatterns = router.urls
