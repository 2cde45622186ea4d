"""Errors of the working-day core. Messages are Chinese: they are shown to the office staff."""


class WorkdayError(ValueError):
    """Base of every error this package raises on purpose."""


class CalendarDataError(WorkdayError):
    """Calendar data that contradicts itself (a day both off and working, a make-up day on a weekday…)."""


class StepsError(WorkdayError):
    """Dated steps of a request that cannot all be true (a reply before the letter, a date before receipt…)."""


class LateExtensionError(StepsError):
    """An extension told to the applicant after the original reply period had run out (第三十三条第二款)."""
