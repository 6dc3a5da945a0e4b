from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("approvals/", views.mine, name="mine"),
    path("approvals/<int:pk>/", views.decide, name="decide"),
    path("approvals/overdue/", views.overdue, name="overdue"),
    path("approvals/preview/", views.preview, name="preview"),
    path("approvals/delegation/", views.delegation, name="delegation"),
]
