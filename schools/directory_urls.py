from django.urls import path

from schools import directory_views as views

app_name = "directory"

urlpatterns = [path("", views.index, name="index")]
