"""Views of the action plan stage: plans (office), actions (office and agency), learning briefings,
the annual report, the agency's cross-partnership list and the public briefing PDFs."""
