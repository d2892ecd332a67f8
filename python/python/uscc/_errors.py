"""The exceptions of ``uscc.validate``: one ``InvalidCodeError`` family per
kind of problem, all of them ``ValueError``."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ._native import Finding, Report

__all__ = [
    "InvalidCodeError",
    "PlaceholderError",
    "LengthError",
    "CharacterError",
    "StructureError",
    "ChecksumError",
    "ExcelDamageError",
    "OtherIdentifierError",
    "PilotEraError",
    "error_for",
]


class InvalidCodeError(ValueError):
    """A value that is not a valid Unified Social Credit Code.

    Attributes:
        value: the value checked (normalized; a personal identity number is masked).
        verdict: ``invalid``, ``placeholder``, ``pilot_era`` or ``other_identifier``.
        code: the finding code of the main problem, such as ``check_char_mismatch``.
        position: its first 1-based position, or None.
        findings: every finding, as ``uscc.Finding`` objects.
        report: the whole ``uscc.Report``.

    >>> import uscc
    >>> try:
    ...     uscc.parse("91350100M000100Y4A")
    ... except uscc.ChecksumError as e:
    ...     print(e.code, e.position)
    check_char_mismatch 18
    """

    def __init__(self, report: "Report") -> None:
        primary = _primary(report)
        self.report = report
        self.value: str = _redacted(report)
        self.verdict: str = report.verdict
        self.findings: List["Finding"] = report.findings
        self.code: str = primary.code if primary is not None else report.verdict
        self.position: Optional[int] = primary.position[0] if primary is not None and primary.position else None
        if primary is not None:
            message = f"{self.value!r}: {primary.message_en} ({primary.message_zh})"
        else:
            message = f"{self.value!r}: not a valid credit code ({report.verdict})"
        super().__init__(message)


class PlaceholderError(InvalidCodeError):
    """A placeholder such as ``无``, ``/`` or ``000000000000000000``."""


class LengthError(InvalidCodeError):
    """Not 18 characters (``wrong_length``)."""


class CharacterError(InvalidCodeError):
    """A character outside the code alphabet (``invalid_character``)."""


class StructureError(InvalidCodeError):
    """An unknown department or category, or an impossible division code."""


class ChecksumError(InvalidCodeError):
    """A wrong check character (``check_char_mismatch``, ``org_code_check_mismatch``)."""


class ExcelDamageError(InvalidCodeError):
    """Excel turned the code into a number (``excel_scientific_notation``, ``excel_precision_loss``)."""


class OtherIdentifierError(InvalidCodeError):
    """Another identifier: a registration number, an organization code, a resident identity number…"""


class PilotEraError(InvalidCodeError):
    """A Fujian pilot-era code: really issued, but outside the national check rule."""


_FAMILIES = {
    "placeholder": PlaceholderError,
    "wrong_length": LengthError,
    "invalid_character": CharacterError,
    "unknown_department": StructureError,
    "unknown_category": StructureError,
    "division_not_digits": StructureError,
    "impossible_division": StructureError,
    "non_mainland_division": StructureError,
    "org_code_check_mismatch": ChecksumError,
    "check_char_mismatch": ChecksumError,
    "excel_scientific_notation": ExcelDamageError,
    "excel_precision_loss": ExcelDamageError,
    "other_identifier": OtherIdentifierError,
    "identifier_check_failed": OtherIdentifierError,
    "pilot_era": PilotEraError,
}

_VERDICTS = {
    "placeholder": PlaceholderError,
    "other_identifier": OtherIdentifierError,
    "pilot_era": PilotEraError,
}


def _primary(report: "Report") -> Optional["Finding"]:
    """The finding that names the problem, as the core chooses it for every
    surface (``Report.main_error``)."""
    return report.main_error


def _redacted(report: "Report") -> str:
    if report.personal:
        from ._native import redact

        return redact(report.value)
    return report.value


def error_for(report: "Report") -> InvalidCodeError:
    """The exception for a report whose value is not valid."""
    cls = _VERDICTS.get(report.verdict)
    if cls is None:
        primary = _primary(report)
        cls = _FAMILIES.get(primary.code, InvalidCodeError) if primary is not None else InvalidCodeError
    return cls(report)
