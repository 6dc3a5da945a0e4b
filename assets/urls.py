from django.urls import path

from assets import views

app_name = "assets"

urlpatterns = [
    path("cmdb/", views.asset_list, name="list"),
    path("cmdb/new/", views.asset_create, name="create"),
    path("cmdb/check-tag/", views.check_tag, name="check-tag"),
    path("cmdb/next-tag/", views.next_tag, name="next-tag"),
    path("cmdb/import/", views.import_page, name="import"),
    path("cmdb/import/template.<str:kind>", views.import_template, name="import-template"),
    path("cmdb/locations/", views.locations, name="locations"),
    path("cmdb/rooms/<int:pk>/", views.room_detail, name="room"),
    path("cmdb/<int:pk>/", views.asset_detail, name="detail"),
    path("cmdb/<int:pk>/edit/", views.asset_edit, name="edit"),
    path("cmdb/<int:pk>/relations/", views.relation_add, name="relation-add"),
    path(
        "cmdb/<int:pk>/relations/<int:relation_pk>/delete/",
        views.relation_delete,
        name="relation-delete",
    ),
]
