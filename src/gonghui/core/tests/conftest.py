"""Fixtures of the import tests: uploaded files kept apart, messages in English, the test spec registered."""

from __future__ import annotations

import pytest
from django.utils import translation

from gonghui.core.imports.registry import register, unregister
from gonghui.core.tests.imports_support import MemberSpec


@pytest.fixture
def import_media(settings, tmp_path):
    """Uploaded files (and the rows kept beside them) under the test's own folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def members():
    """``MemberSpec`` registered as the ``test-members`` import for the test."""
    spec = register(MemberSpec)
    yield spec
    unregister(spec.kind)
