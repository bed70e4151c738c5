"""The customer's pages (no account): the private status link, the online report form, the survey.

`incidents.services.status_url` reverses "public:status".
"""

from django.urls import path

from incidents import public_views

app_name = "public"

urlpatterns = [
    path("report/<slug:site_code>/", public_views.report, name="report"),
    path("report/<slug:site_code>/thanks/", public_views.report_thanks, name="report_thanks"),
    path("<str:token>/", public_views.status, name="status"),
    path("<str:token>/information/", public_views.add_information, name="add_information"),
    path("<str:token>/opt-out/", public_views.opt_out, name="opt_out"),
    path("<str:token>/survey/", public_views.survey, name="survey"),
]
