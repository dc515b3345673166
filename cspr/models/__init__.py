"""The shared core's models: partnerships (the tenants), frameworks, cases, audit and deadlines."""

from .audit import AccessLog, CaseEvent, OptionChange
from .cases import Case
from .data_versions import DataVersion
from .deadlines import Deadline, DeadlinePause, DeadlineProjection
from .partnerships import Agency, ClosureDay, Membership, Partnership, ProcedureFramework
from .personal import CalendarFeed, ExportJob
from .retention import RetentionEntry, RetentionRun

__all__ = [
    "AccessLog",
    "Agency",
    "CalendarFeed",
    "Case",
    "CaseEvent",
    "ClosureDay",
    "DataVersion",
    "Deadline",
    "DeadlinePause",
    "DeadlineProjection",
    "ExportJob",
    "Membership",
    "OptionChange",
    "Partnership",
    "ProcedureFramework",
    "RetentionEntry",
    "RetentionRun",
]
