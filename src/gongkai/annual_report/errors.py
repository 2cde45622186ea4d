"""Errors of the annual-report core. Messages are for the person who gave the file."""


class AnnualReportError(Exception):
    """Base of every error this package raises on purpose."""


class ParseError(AnnualReportError):
    """The file cannot be read as an annual report at all (empty, junk, wrong kind)."""


class RenderError(AnnualReportError):
    """A report cannot be written in the asked-for form."""
