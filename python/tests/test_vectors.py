"""The shared vectors of testdata/vectors.json, through the Python API."""

import uscc


def expect(case, report):
    assert report.verdict == case["verdict"], case["name"]
    assert [f.code for f in report.findings] == case["findings"], case["name"]
    if "value" in case:
        assert report.value == case["value"], case["name"]
    if "first_error" in case:
        f = report.first_error
        e = case["first_error"]
        assert f.code == e["code"], case["name"]
        assert list(f.position) == e["position"], case["name"]
        if "expected" in e:
            assert f.expected == e["expected"]
        if "found" in e:
            assert f.found == e["found"]
    if "identifier" in case:
        assert any(f.identifier == case["identifier"] for f in report.findings), case["name"]
    for f in report.findings:
        assert f.message_zh and f.message_en
        assert f.severity in ("info", "warning", "error")
        assert uscc.FINDING_CODES[f.code] == f.severity


def test_validate_vectors_strict(vectors):
    for case in vectors["validate"]:
        expect(case, uscc.check(case["input"], normalize=False))


def test_check_vectors(vectors):
    for case in vectors["check"]:
        expect(case, uscc.check(case["input"]))


def test_parts(vectors):
    for case in vectors["validate"]:
        if not case["verdict"].startswith("valid"):
            continue
        code = uscc.parse(case["input"], normalize=False)
        assert str(code) == case["input"]
        if "department" in case:
            assert code.department == case["department"]
        if "category" in case:
            assert code.category == case["category"]
        if "division" in case:
            assert code.division == case["division"]
        if "division_name" in case:
            assert code.division_name == case["division_name"]


def test_is_valid_and_validate_agree(vectors):
    for case in vectors["validate"]:
        valid = case["verdict"] in ("valid", "valid_with_warnings")
        assert uscc.is_valid(case["input"]) is valid, case["name"]
        if valid:
            uscc.parse(case["input"], normalize=False)
        else:
            try:
                uscc.parse(case["input"], normalize=False)
            except uscc.InvalidCodeError as e:
                assert e.verdict == case["verdict"]
                assert [f.code for f in e.findings] == case["findings"]
            else:
                raise AssertionError(case["name"])


def test_suggest_vectors(vectors):
    for case in vectors["suggest"]:
        s = uscc.suggest(case["input"])
        if "best" in case:
            assert s.best == case["best"], case["name"]
        if "contains" in case:
            assert case["contains"] in [c.code for c in s.candidates], case["name"]
        if "unique" in case:
            assert s.unique is case["unique"], case["name"]
        if "candidates" in case:
            assert len(s) == case["candidates"], case["name"]


def test_check_char_vectors(vectors):
    for case in vectors["check_char"]:
        assert uscc.check_char(case["input"]) == case["expected"], case["name"]
    for case in vectors["org_check_char"]:
        assert uscc.org_check_char(case["input"]) == case["expected"], case["name"]


def test_every_column_function_agrees_with_check(vectors):
    inputs = [c["input"] for c in vectors["validate"] + vectors["check"]]
    assert uscc.is_valid_many(inputs) == [uscc.is_valid(s) for s in inputs]
    for s, row in zip(inputs, uscc.check_many(inputs)):
        r = uscc.check(s)
        d = r.to_dict()
        assert (row.value, row.verdict, row.valid, row.personal, row.main_error) == (d["value"], d["verdict"], d["valid"], d["personal"], d["main_error"])
        assert list(row.findings) == [f.code for f in r.findings]
        assert row.suggestion == (uscc.suggest(s).best if r.verdict == "invalid" else None)
    for s, row in zip(inputs, uscc.validate_many(inputs)):
        d = uscc.validate(s).to_dict()
        assert row._asdict() == {**d, "findings": tuple(f["code"] for f in d["findings"])}
