"""Review views: the office pages (office) and the draft report (report, PART B)."""
