"""Form widgets other apps use for the registry."""

from __future__ import annotations

from django import forms


class PersonPicker(forms.NumberInput):
    """A registry number, with a search box under it that finds the person and fills it in.

    The number stays an ordinary input (it may still be typed); the search goes through
    ``people:pick`` in the reader's scope. The field must resolve the number in scope itself.
    """

    template_name = "people/picker/widget.html"
