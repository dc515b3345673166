"""The shared core's models: partnerships (the tenants), frameworks, cases, audit and deadlines."""

from .audit import AccessLog, CaseEvent
from .cases import Case
from .deadlines import Deadline, DeadlinePause, DeadlineProjection
from .partnerships import Agency, ClosureDay, Membership, Partnership, ProcedureFramework

__all__ = [
    "AccessLog",
    "Agency",
    "Case",
    "CaseEvent",
    "ClosureDay",
    "Deadline",
    "DeadlinePause",
    "DeadlineProjection",
    "Membership",
    "Partnership",
    "ProcedureFramework",
]
