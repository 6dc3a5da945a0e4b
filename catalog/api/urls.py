from rest_framework.routers import SimpleRouter

from catalog.api import views

router = SimpleRouter()
router.register("service-categories", views.ServiceCategoryViewSet, basename="servicecategory")
router.register("services", views.ServiceViewSet, basename="service")
router.register("catalog-items", views.CatalogItemViewSet, basename="catalogitem")

urlpatterns = router.urls
