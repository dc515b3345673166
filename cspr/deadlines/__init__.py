"""The working-day engine: calendars, projections of timescales into due dates, and the deadline services."""
