"""Rapid review views: the business office's and decision-makers' pages (office) and the agencies' portal."""

from . import office, portal  # noqa: F401
