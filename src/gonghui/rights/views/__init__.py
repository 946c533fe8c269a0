"""Staff pages of the rights platform: thin views over ``rights.queries`` and ``rights.services``.

A record outside the user's scope answers 404 exactly like a missing one; an action the user may
not take on one they can see answers 403.
"""
