"""Agency information pages: the office's (office.py), the agency's (agency.py), the integrated chronology
(timeline.py) and the portal's help page and templates (help.py)."""
