import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def vectors():
    return json.loads((ROOT / "testdata" / "vectors.json").read_text(encoding="utf-8"))
