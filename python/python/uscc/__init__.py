"""Exact validation, explanation and data-set analysis of China's Unified
Social Credit Code (统一社会信用代码, GB 32100-2015).

>>> import uscc
>>> uscc.is_valid("91350100M000100Y43")
True
>>> uscc.validate("９１３５０１００Ｍ０００１００Ｙ４３").verdict  # exactly as given
'invalid'
>>> uscc.check("９１３５０１００Ｍ０００１００Ｙ４３").verdict  # normalized first
'valid'
>>> code = uscc.parse("９１３５０１００Ｍ０００１００Ｙ４３", normalize=True)  # a Code, or an exception
>>> code, code.division_name
(Code('91350100M000100Y43'), '福州市')
>>> uscc.suggest("91350100M000100Y4").best
'91350100M000100Y43'

Every rule lives in the Rust core; this package converts. The names mean
the same on every surface (README, "One dialect"): ``is_valid`` and
``validate`` take the value exactly as given, ``check`` normalizes it
first; finding codes and result keys are the same strings as in Rust,
JavaScript and the ``uscc`` command.
"""

from __future__ import annotations

from typing import Any

from . import _native
from . import spark
from ._analysis import SHEET_HEADERS, AnalysisReport, ColumnReport, analyze
from ._columns import CheckRow, Row, check_many, is_valid_many, validate_many
from ._history import Comparison, History
from ._errors import (
    ChecksumError,
    CharacterError,
    ExcelDamageError,
    InvalidCodeError,
    LengthError,
    OtherIdentifierError,
    PilotEraError,
    PlaceholderError,
    StructureError,
)
from ._native import (
    Candidate,
    Code,
    Finding,
    Identity,
    Report,
    Suggestions,
    check,
    check_char,
    explain,
    generate,
    identify,
    is_valid,
    normalize,
    org_check_char,
    redact,
    suggest,
    validate,
)

__version__: str = _native.__version__

#: Every finding code with its severity, in documentation order.
FINDING_CODES = dict(_native.finding_codes())

__all__ = [
    "AnalysisReport",
    "ColumnReport",
    "Candidate",
    "CheckRow",
    "ChecksumError",
    "CharacterError",
    "Code",
    "ExcelDamageError",
    "FINDING_CODES",
    "Finding",
    "History",
    "Comparison",
    "Identity",
    "InvalidCodeError",
    "LengthError",
    "OtherIdentifierError",
    "PilotEraError",
    "PlaceholderError",
    "Report",
    "Row",
    "SHEET_HEADERS",
    "StructureError",
    "Suggestions",
    "analyze",
    "check",
    "check_char",
    "check_many",
    "explain",
    "generate",
    "identify",
    "is_valid",
    "is_valid_many",
    "normalize",
    "org_check_char",
    "parse",
    "redact",
    "suggest",
    "spark",
    "validate",
    "validate_many",
]


def parse(code: str, *, normalize: bool = False) -> Code:
    """The valid code in ``code`` as a ``uscc.Code`` with its parts, or an
    exception: strict, as Rust's ``Uscc::parse``; with ``normalize=True``
    the value is cleaned first, as ``Uscc::parse_lenient``.

    Raises ``InvalidCodeError``, a ``ValueError``, through the subclass of
    the report's ``main_error`` (``ChecksumError``, ``LengthError``,
    ``PlaceholderError`` …), with ``.code``, ``.position`` and ``.findings``;
    a value that is not a str raises TypeError.

    >>> uscc.parse("914403001922038216").department_name
    '工商（市场监管）'
    """
    if not isinstance(code, str):
        raise TypeError(f"parse() expects a str, got {type(code).__name__}")
    return Code(code, normalize=normalize)


def _register_accessors() -> None:
    """``series.uscc`` for pandas and ``pl.col(...).uscc`` for polars, when installed."""
    import importlib.util

    if importlib.util.find_spec("pandas") is not None:
        from . import _pandas  # noqa: F401
    if importlib.util.find_spec("polars") is not None:
        from . import _polars  # noqa: F401


def __getattr__(name: str) -> Any:
    raise AttributeError(f"module 'uscc' has no attribute {name!r}")


_register_accessors()
