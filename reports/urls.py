from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/live/", views.live, name="live"),
    path("reports/monthly/", views.monthly, name="monthly"),
]
