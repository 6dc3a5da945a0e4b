from django.urls import path

from maintenance import views

app_name = "maintenance"

urlpatterns = [
    path("maintenance/", views.window_calendar, name="calendar"),
    path("maintenance/plans/", views.plan_list, name="plans"),
    path("maintenance/plans/new/", views.plan_edit, name="plan-new"),
    path("maintenance/plans/<int:pk>/", views.plan_detail, name="plan"),
    path("maintenance/plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("maintenance/plans/<int:pk>/delete/", views.plan_delete, name="plan-delete"),
]
