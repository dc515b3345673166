"""The shared core's models: partnerships (the tenants), frameworks, cases, audit and deadlines."""

from .audit import AccessLog, CaseEvent
from .cases import Case
from .deadlines import Deadline, DeadlinePause, DeadlineProjection
from .partnerships import Agency, ClosureDay, Membership, Partnership, ProcedureFramework
from .personal import CalendarFeed, ExportJob

__all__ = [
    "AccessLog",
    "Agency",
    "CalendarFeed",
    "Case",
    "CaseEvent",
    "ClosureDay",
    "Deadline",
    "DeadlinePause",
    "DeadlineProjection",
    "ExportJob",
    "Membership",
    "Partnership",
    "ProcedureFramework",
]
