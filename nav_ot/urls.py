from django.contrib import admin
from django.urls import include, path

from nav_ot import views

admin.site.site_header = "Trekant – administrasjon"
admin.site.site_title = "Trekant"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("", include("cases.urls")),
    path("", include("agreements.urls")),
    path("", include("measures.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "nav_ot.views.error_400"
handler403 = "nav_ot.views.error_403"
handler404 = "nav_ot.views.error_404"
handler500 = "nav_ot.views.error_500"
