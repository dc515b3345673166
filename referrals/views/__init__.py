"""Referral pages: the list, the multi-page form with its task list, check your answers, and triage."""

from .pages import check_answers, referral_detail, referral_list, referral_start
from .sections import row_edit, row_remove, section
from .triage import accept, decline, send_to_case_review_group, withdraw

__all__ = [
    "accept",
    "check_answers",
    "decline",
    "referral_detail",
    "referral_list",
    "referral_start",
    "row_edit",
    "row_remove",
    "section",
    "send_to_case_review_group",
    "withdraw",
]
