from rest_framework.routers import SimpleRouter

from assets.api import views

router = SimpleRouter()
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("rooms", views.RoomViewSet, basename="room")
router.register("asset-categories", views.AssetCategoryViewSet, basename="assetcategory")
router.register("assets", views.AssetViewSet, basename="asset")
router.register("asset-relations", views.AssetRelationViewSet, basename="assetrelation")

urlpatterns = router.urls
