"""Files an agency attaches to its return: checked by content, not by name or the browser's say-so.

The type is sniffed from the first bytes with libmagic (python-magic) against an allow-list; the original
name is cleaned and kept on the row only, and the file is stored under an opaque name in private storage
(MEDIA_ROOT, never under static). A file that passes is then virus scanned (cspr.virus_scan, when
CSPR_VIRUS_SCANNER is set). The download view serves it after the same access check as the return.
"""

from __future__ import annotations

import os
import re
import unicodedata

import magic
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from cspr import audit, virus_scan
from cspr.models.cases import Stage
from cspr.workflow import TransitionRefused
from rapid_review.models import ScopingAttachment, ScopingRequest
from rapid_review.workflow import NOT_OPEN_FOR_AGENCY

# Sniffed MIME type -> the extensions a file of that type may carry.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "text/csv": (".csv",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
# libmagic reports some allowed formats under a looser name; the extension then decides.
LOOSE_TYPES: dict[str, tuple[str, ...]] = {
    "application/zip": (".docx", ".xlsx"),  # older libmagic sees only the OOXML zip container
    "application/octet-stream": (".docx", ".xlsx"),
    "text/plain": (".csv",),  # a CSV without a header row sniffs as plain text
}
ALLOWED_DESCRIPTION = "PDF, Word (DOCX), Excel (XLSX), CSV, PNG or JPEG"

NO_FILE = "Select a file to attach"
EMPTY_FILE = "The selected file is empty"
TOO_BIG = "The selected file must be smaller than {limit}"
WRONG_TYPE = f"The selected file must be a {ALLOWED_DESCRIPTION}"
NAME_MAX = 200
SNIFF_BYTES = 8192


def max_bytes() -> int:
    return settings.CSPR_UPLOAD_MAX_BYTES


def clean_name(name: str) -> str:
    """A display name safe to store and send back in a header: no paths, controls or quotes."""
    name = unicodedata.normalize("NFKC", os.path.basename(name.replace("\\", "/")))
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" ._") or "attachment"
    stem, ext = os.path.splitext(name)
    return stem[: NAME_MAX - len(ext)] + ext.lower()


def sniff(upload: UploadedFile) -> str:
    """The MIME type libmagic reads from the file's first bytes."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return magic.from_buffer(head, mime=True)


def validate(upload: UploadedFile | None) -> tuple[str, str]:
    """Check size and sniffed type; return (content type, clean name) or raise ValidationError."""
    if upload is None:
        raise ValidationError(NO_FILE, code="required")
    if upload.size == 0:
        raise ValidationError(EMPTY_FILE, code="empty")
    if upload.size > max_bytes():
        raise ValidationError(TOO_BIG.format(limit=filesizeformat(max_bytes())), code="too_big")
    name = clean_name(upload.name or "")
    ext = os.path.splitext(name)[1]
    sniffed = sniff(upload)
    if ext in ALLOWED_TYPES.get(sniffed, ()):
        content_type = sniffed
    elif ext in LOOSE_TYPES.get(sniffed, ()):
        # Trust the extension only within the loose family the bytes belong to.
        content_type = next(t for t, exts in ALLOWED_TYPES.items() if ext in exts)
    else:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    virus_scan.check(upload)  # last: only a file we would otherwise keep goes to the scanner
    return content_type, name


def attach_file(*, request: ScopingRequest, by: AbstractBaseUser, upload: UploadedFile) -> ScopingAttachment:
    """Validate and store a file on an open return, and note it in the case history."""
    content_type, name = validate(upload)
    with transaction.atomic():
        locked = ScopingRequest.unscoped.select_for_update().get(pk=request.pk)
        if not locked.is_open_for_agency:
            raise TransitionRefused(NOT_OPEN_FOR_AGENCY.format(state=locked.get_state_display().lower()))
        attachment = ScopingAttachment(
            partnership_id=locked.partnership_id,
            request=locked,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(name, upload, save=False)  # the storage name is opaque (attachment_path)
        attachment.save()
        case = locked.rapid_review.case
        audit.record(
            case=case,
            code="scoping.attachment_added",
            by=by,
            stage=Stage.RAPID_REVIEW,
            subject=f"scoping request to {locked.agency.name}",
            subject_id=locked.public_id,
            data={"name": name, "size": upload.size, "type": content_type},
        )
    return attachment
