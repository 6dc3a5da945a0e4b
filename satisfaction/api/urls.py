from rest_framework.routers import SimpleRouter

from satisfaction.api import views

router = SimpleRouter()
router.register("surveys", views.SurveyViewSet, basename="survey")
router.register("survey-follow-ups", views.FollowUpViewSet, basename="survey-follow-up")
router.register("survey-rules", views.SurveyRuleViewSet, basename="survey-rule")

urlpatterns = router.urls
