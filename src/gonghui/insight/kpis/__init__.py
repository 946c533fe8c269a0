"""The key figures of DESIGN.md, one function each.

Every figure takes the viewer (for scoping), an organisation subtree and a period, and returns a
:class:`Figure` carrying the numerator, the denominator and the records behind both, so anyone
can recompute it by hand. Modules: ``bargaining`` (signing, fulfilment, openness, satisfaction),
``rights`` (consultations, cases, amounts, people helped); later ``hardship``, ``services``, ``cadres``.
"""
