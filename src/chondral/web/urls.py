"""URL map of the web application: sign-in, health, the clinician pages, the JSON API, the
education pages, the patient portal and the accessibility preferences."""

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
    path("learn/", include("chondral.web.urls_learn")),
    path("my-hip/", include("chondral.web.urls_portal")),
    path("my-hip/questionnaires/", include("chondral.web.urls_questionnaires")),
    path("preferences/", include("chondral.web.urls_preferences")),
    path("", include("chondral.web.clinic_urls")),
]
