from django.urls import path

from compensation import views

app_name = "compensation"

urlpatterns = [
    path("", views.claim_list_view, name="claim_list"),
    path("new/<int:incident_pk>/", views.claim_new_view, name="claim_new"),
    path("<int:pk>/", views.claim_detail_view, name="claim_detail"),
    path("<int:pk>/evidence/", views.evidence_add_view, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file_view, name="evidence_file"),
    path("<int:pk>/assess/", views.assess_view, name="assess"),
    path("<int:pk>/opinion/", views.opinion_view, name="opinion"),
    path("<int:pk>/decide/", views.decide_view, name="decide"),
    path("<int:pk>/agreement/", views.agreement_view, name="agreement"),
    path("<int:pk>/agreement/print/", views.agreement_print_view, name="agreement_print"),
    path("<int:pk>/payment/", views.payment_view, name="payment"),
    path("payouts/", views.payout_list_view, name="payout_list"),
    path("payouts.csv", views.payout_csv_view, name="payout_csv"),
]
