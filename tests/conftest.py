"""Tests outside the package (tests/) share the fixtures of src/gonghui/conftest.py."""

from gonghui.conftest import PASSWORD, County, api, county, login  # noqa: F401
