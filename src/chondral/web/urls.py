"""URL map of the web application: sign-in, health, the clinician pages and the JSON API."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from chondral.web import views_health

urlpatterns = [
    path("healthz", views_health.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="clinic/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("chondral.web.api_urls")),
    path("", include("chondral.web.clinic_urls")),
]
