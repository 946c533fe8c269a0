"""Tests find the shared fixtures (a small county, one user per role) in src/gonghui/conftest.py.

The settings detect pytest themselves (GONGHUI_TESTING), since pytest-django loads them before
any conftest runs.
"""
