"""Imports of the registry: people, households and memberships (see ``gonghui.core.imports``).

Importing this package registers the three kinds; the framework finds it by its name.
"""

from gonghui.people.imports import households, memberships, persons

__all__ = ["households", "memberships", "persons"]
