"""Every real page plus the bare view (lostfound.benchmark.settings only)."""

from django.urls import path

from lostfound.benchmark.views import bare
from lostfound.urls import urlpatterns as product_urlpatterns

urlpatterns = [path("benchmark/bare/<int:pk>/", bare, name="benchmark_bare"), *product_urlpatterns]
