"""The examples of the docs run: the package's docstrings (doctest) and the
Python blocks of python/README.md."""

import doctest
import pathlib
import re

import pytest

import uscc
import uscc._columns
import uscc._errors
import uscc._pandas
import uscc._polars

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", [uscc, uscc._columns, uscc._errors, uscc._pandas, uscc._polars])
def test_docstrings(module):
    result = doctest.testmod(module, extraglobs={"uscc": uscc}, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{module.__name__} has no examples"
    assert result.failed == 0


def python_blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("path", ["python/README.md", "README.md"])
def test_readme_examples(path):
    blocks = python_blocks(ROOT / path)
    assert blocks, f"no Python examples in {path}"
    for block in blocks:
        exec(compile(block, path, "exec"), {})
