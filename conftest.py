"""Fixtures shared by every app's tests: a small county and one user of each role."""

import os

os.environ.setdefault("GONGHUI_TESTING", "1")
