from django.urls import path

from sla import views

app_name = "sla"

urlpatterns = [
    path("sla/", views.overview, name="overview"),
    path("sla/calendars/new/", views.calendar_edit, name="calendar-create"),
    path("sla/calendars/<int:pk>/", views.calendar_detail, name="calendar"),
    path("sla/calendars/<int:pk>/edit/", views.calendar_edit, name="calendar-edit"),
    path("sla/calendars/<int:pk>/holidays/", views.calendar_holidays, name="calendar-holidays"),
    path("sla/policies/new/", views.policy_edit, name="policy-create"),
    path("sla/policies/<int:pk>/", views.policy_edit, name="policy-edit"),
]
