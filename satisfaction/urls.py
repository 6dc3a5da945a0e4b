from django.urls import path

from satisfaction import views

app_name = "satisfaction"

urlpatterns = [
    path("survey/<str:token>/", views.survey, name="survey"),
    path("survey/<str:token>/thanks/", views.survey_thanks, name="survey-thanks"),
    path("satisfaction/", views.overview, name="overview"),
    path("satisfaction/follow-ups/", views.follow_up_list, name="follow-ups"),
    path("satisfaction/follow-ups/<int:pk>/", views.follow_up_detail, name="follow-up"),
    path("satisfaction/rules/", views.rule_list, name="rules"),
    path("satisfaction/rules/new/", views.rule_edit, name="rule-create"),
    path("satisfaction/rules/<int:pk>/", views.rule_edit, name="rule-edit"),
]
