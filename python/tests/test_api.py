"""The single-value API: types, exceptions, objects."""

import pickle

import pytest

import uscc

VALID = "91350100M000100Y43"


def test_code_object():
    code = uscc.parse(VALID)
    assert isinstance(code, uscc.Code)
    assert str(code) == VALID and code.value == VALID
    assert repr(code) == "Code('91350100M000100Y43')"
    assert code == uscc.Code(VALID) and hash(code) == hash(uscc.Code(VALID))
    assert code != uscc.parse("914403001922038216")
    assert sorted([uscc.parse("914403001922038216"), code])[0] == code
    assert {code, uscc.parse(VALID)} == {code}
    assert (code.department, code.department_name) == ("9", "工商（市场监管）")
    assert (code.category, code.category_name) == ("1", "企业")
    assert (code.division, code.division_name, code.province) == ("350100", "福州市", "福建省")
    assert (code.org_code, code.check_char) == ("M000100Y4", "3")


def test_parse_is_strict_unless_told():
    assert str(uscc.parse(" ９１３５０１００ｍ０００１００Ｙ４３ ", normalize=True)) == VALID
    with pytest.raises(uscc.CharacterError):
        uscc.parse("91350100m000100y43")


@pytest.mark.parametrize(
    "value, error, code, position",
    [
        ("91350100M000100Y4A", uscc.ChecksumError, "check_char_mismatch", 18),
        ("91350100M000100Y56", uscc.ChecksumError, "org_code_check_mismatch", 17),
        ("9135010M000100Y43", uscc.LengthError, "wrong_length", None),
        ("9111000060003IOZSV", uscc.CharacterError, "invalid_character", 14),
        ("B1350100M000100Y41", uscc.StructureError, "unknown_department", 1),
        ("91990000M000100Y4N", uscc.StructureError, "impossible_division", 3),
        ("000000000000000000", uscc.PlaceholderError, "placeholder", None),
        ("无", uscc.PlaceholderError, "placeholder", None),
        ("9.14403E+17", uscc.ExcelDamageError, "excel_scientific_notation", None),
        ("914403001922038000", uscc.ExcelDamageError, "excel_precision_loss", 16),
        ("D2143569-X", uscc.OtherIdentifierError, "other_identifier", None),
        ("91350100M0001TGQXM", uscc.PilotEraError, "pilot_era", None),
    ],
)
def test_exceptions(value, error, code, position):
    with pytest.raises(error) as info:
        uscc.parse(value)
    e = info.value
    assert isinstance(e, uscc.InvalidCodeError) and isinstance(e, ValueError)
    assert e.code == code
    assert e.position == position
    assert e.findings and all(isinstance(f, uscc.Finding) for f in e.findings)
    assert any(f.code == code and f.message_en in str(e) for f in e.findings)


def test_personal_numbers_are_masked_in_errors_and_reprs():
    with pytest.raises(uscc.OtherIdentifierError) as info:
        uscc.parse("11010519491231002X")
    assert "11010519491231002X" not in str(info.value)
    assert info.value.value == "110105********002X"
    r = uscc.check("11010519491231002X")
    assert r.personal and "11010519491231002X" not in repr(r)
    assert uscc.redact("11010519491231002X") == "110105********002X"


def test_report_and_finding():
    r = uscc.check("91350100M000100Y4A")
    assert not r.valid and r.verdict == "invalid"
    assert r.has("check_char_mismatch") and not r.has("wrong_length")
    with pytest.raises(ValueError):
        r.has("no_such_code")
    f = r.first_error
    assert (f.code, f.severity, f.position, f.expected, f.found) == ("check_char_mismatch", "error", (18, 18), "3", "A")
    assert f.message_zh == "第18位校验码错误：应为“3”，实际为“A”"
    assert repr(f) == "Finding(code='check_char_mismatch', position=(18, 18), expected='3', found='A')"
    assert repr(r) == "Report(value='91350100M000100Y4A', verdict='invalid', findings=['check_char_mismatch', 'possible_pilot_era'])"
    assert uscc.check("9135010M000100Y43").findings[0].length == 17
    assert uscc.check("91310230MA1X2Y3K55").findings[0].last_year is not None


def test_suggest_explain_identify_normalize():
    s = uscc.suggest("9135O1OOM000100Y43")
    assert s.best == VALID and s.unique
    assert s.candidates[0].edits[0] == ("look_alike", 5, "O", "0")
    assert repr(s) == "Suggestions(best='91350100M000100Y43', unique=True, candidates=1)"
    e = uscc.explain("91350100M000100Y4A")
    assert e["division"]["name"] == "福州市"
    assert {"rule": "check_char", "outcome": "fail"} in e["checks"]
    assert e["suggestions"]["best"] == VALID
    assert e["main_error"] == "check_char_mismatch" and not e["valid"]
    # A resident identity number is masked, its parts not shown.
    p = uscc.explain("11010519491231002X")
    assert p["value"] == "110105********002X" and p["personal"]
    assert p["division"] is None and p["org_code"] is None
    i = uscc.identify("11010519491231002X")
    assert (i.kind, i.check_passed, i.personal) == ("resident_id", True, True)
    assert uscc.identify(VALID).kind == "credit_code"
    assert uscc.normalize("９１３５０１００ｍ０００１００Ｙ４３") == VALID
    assert uscc.normalize(" 9135-0100M000100Y43", changes=True) == (VALID, ["normalized_whitespace", "normalized_hyphen"])


def test_check_char_errors():
    with pytest.raises(ValueError):
        uscc.check_char("too short")


@pytest.mark.parametrize("bad", [None, 42, b"91350100M000100Y43", ["91350100M000100Y43"]])
def test_wrong_types(bad):
    for f in (uscc.is_valid, uscc.validate, uscc.check, uscc.normalize, uscc.suggest, uscc.identify, uscc.explain, uscc.parse, uscc.redact):
        with pytest.raises(TypeError, match=rf"^{f.__name__}\(\) expects a str, got {type(bad).__name__}$"):
            f(bad)
    with pytest.raises(TypeError, match=rf"^Code\(\) expects a str, got {type(bad).__name__}$"):
        uscc.Code(bad)


def test_strings_never_raise_but_validate():
    nasty = ["", "\x00", "\ud800", "😀" * 40, "x" * 100_000, "Ｏ" * 18, "-" * 18, "'", "9.9E+99", "\u200b", "١٢٣"]
    for s in nasty:
        uscc.check(s)
        uscc.validate(s)
        uscc.is_valid(s)
        uscc.suggest(s)
        uscc.identify(s)
        uscc.explain(s)
        uscc.normalize(s)
    assert len(uscc.validate_many(nasty)) == len(nasty) == len(uscc.check_many(nasty))


def test_finding_codes_table():
    assert uscc.FINDING_CODES["check_char_mismatch"] == "error"
    assert uscc.FINDING_CODES["unknown_division"] == "warning"
    assert len(uscc.FINDING_CODES) >= 29


def test_code_pickles_as_its_value():
    code = uscc.parse(VALID)
    assert pickle.loads(pickle.dumps(str(code))) == VALID


def test_stubs_and_py_typed_ship_with_the_package():
    import pathlib

    import uscc._native as native

    root = pathlib.Path(uscc.__file__).parent
    assert (root / "py.typed").exists()
    stub = (root / "_native.pyi").read_text(encoding="utf-8")
    for name in dir(native):
        if not name.startswith("_"):
            assert f"def {name}(" in stub or f"class {name}" in stub, name
