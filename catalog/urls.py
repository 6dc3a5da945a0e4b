from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("catalog/manage/", views.service_list, name="services"),
    path("catalog/manage/new/", views.service_edit, name="service-create"),
    path("catalog/manage/<int:pk>/", views.service_detail, name="service"),
    path("catalog/manage/<int:pk>/edit/", views.service_edit, name="service-edit"),
    path("catalog/manage/<int:pk>/<str:action>/", views.service_transition, name="transition"),
    path("catalog/manage/<int:pk>/checklist/<int:criterion>/", views.service_tick, name="tick"),
    path("catalog/manage/items/new/", views.item_edit, name="item-create"),
    path("catalog/manage/items/<int:pk>/", views.item_edit, name="item-edit"),
    path("catalog/manage/schema-preview/", views.schema_preview, name="schema-preview"),
]
