"""Referral URLs, under /p/<partnership_slug>/referrals/ (see cspr.urls)."""

from django.urls import path

from referrals import views

R = "<uuid:referral_id>/"

urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("new/", views.referral_start, name="referral_start"),
    path(R, views.referral_detail, name="referral_detail"),
    path(R + "about/", views.section, {"section": "about"}, name="referral_about"),
    path(R + "referrer/", views.section, {"section": "referrer"}, name="referral_referrer"),
    path(R + "child/", views.section, {"section": "child"}, name="referral_child"),
    path(R + "family/", views.section, {"section": "family"}, name="referral_family"),
    path(R + "agencies/", views.section, {"section": "agencies"}, name="referral_agencies"),
    path(R + "background/", views.section, {"section": "background"}, name="referral_background"),
    path(R + "check/", views.check_answers, name="referral_check"),
    path(R + "accept/", views.accept, name="referral_accept"),
    path(R + "case-review-group/", views.send_to_case_review_group, name="referral_to_case_review_group"),
    path(R + "decline/", views.decline, name="referral_decline"),
    path(R + "withdraw/", views.withdraw, name="referral_withdraw"),
]

# Repeating rows: family members, other agencies, key events.
for kind in ("family", "agencies", "events"):
    urlpatterns += [
        path(f"{R}{kind}/add/", views.row_edit, {"kind": kind}, name=f"referral_{kind}_add"),
        path(f"{R}{kind}/<uuid:row_id>/", views.row_edit, {"kind": kind}, name=f"referral_{kind}_change"),
        path(
            f"{R}{kind}/<uuid:row_id>/remove/",
            views.row_remove,
            {"kind": kind},
            name=f"referral_{kind}_remove",
        ),
    ]
