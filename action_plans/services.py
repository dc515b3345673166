"""Action plan services beyond the transitions: evidence files on an action."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from action_plans.models import Action, ActionEvidence
from action_plans.workflow import PLAN_NOT_MONITORED, State, _subject
from cspr import audit
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from rapid_review import uploads  # one upload policy: size, libmagic sniffing, allow-list, clean names

EVIDENCE_CLOSED = "Evidence cannot be added to a closed action."


def attach_evidence(*, action: Action, by: AbstractBaseUser, upload: UploadedFile | None) -> ActionEvidence:
    """Validate and store a file of evidence of impact; raises ValidationError for a bad file."""
    content_type, name = uploads.validate(upload)
    assert upload is not None  # validate() refuses a missing file
    with transaction.atomic():
        locked = Action.unscoped.select_for_update().select_related("plan__case").get(pk=action.pk)
        if locked.plan.state != State.MONITORING:
            raise TransitionRefused(PLAN_NOT_MONITORED)
        if locked.state == Action.State.CLOSED:
            raise TransitionRefused(EVIDENCE_CLOSED)
        evidence = ActionEvidence(
            partnership_id=locked.partnership_id,
            action=locked,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        evidence.file.save(name, upload, save=False)  # stored under an opaque name (evidence_path)
        evidence.save()
        Action.unscoped.filter(pk=locked.pk).update(last_updated_at=timezone.now())
        audit.record(
            case=locked.plan.case,
            code="action.evidence_added",
            by=by,
            stage=Stage.ACTION_PLAN,
            subject=_subject(locked),
            subject_id=locked.public_id,
            data={"name": name, "size": upload.size, "type": content_type},
        )
    return evidence
