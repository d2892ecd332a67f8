"""Exact validation, explanation and data-set analysis of China's Unified
Social Credit Code (统一社会信用代码, GB 32100-2015).

>>> import uscc
>>> uscc.is_valid("91350100M000100Y43")
True
>>> code = uscc.validate("９１３５０１００Ｍ０００１００Ｙ４３")  # normalized first
>>> code, code.division_name
(Code('91350100M000100Y43'), '福州市')
>>> uscc.suggest("91350100M000100Y4").best
'91350100M000100Y43'

Every rule lives in the Rust core; this package converts. Finding codes are
the same strings as in Rust, JavaScript and the ``uscc`` command.
"""

from __future__ import annotations

from typing import Any

from . import _native
from . import spark
from ._analysis import SHEET_HEADERS, AnalysisReport, analyze
from ._columns import Row, is_valid_many, validate_many
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
)

__version__: str = _native.__version__

#: Every finding code with its severity, in documentation order.
FINDING_CODES = dict(_native.finding_codes())

__all__ = [
    "AnalysisReport",
    "Candidate",
    "ChecksumError",
    "CharacterError",
    "Code",
    "ExcelDamageError",
    "FINDING_CODES",
    "Finding",
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
    "explain",
    "generate",
    "identify",
    "is_valid",
    "is_valid_many",
    "normalize",
    "org_check_char",
    "redact",
    "suggest",
    "spark",
    "validate",
    "validate_many",
]


def validate(code: str, *, normalize: bool = True) -> Code:
    """The valid code in ``code`` (normalized first unless ``normalize=False``).

    Raises ``InvalidCodeError``, a ``ValueError``, through the subclass of
    the problem's family (``ChecksumError``, ``LengthError``,
    ``PlaceholderError`` …), with ``.code``, ``.position`` and ``.findings``.

    >>> uscc.validate("914403001922038216").department_name
    '工商（市场监管）'
    """
    if not isinstance(code, str):
        raise TypeError(f"validate expects a str, got {type(code).__name__}")
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
