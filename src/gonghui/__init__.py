"""Gonghui: the service and management platform of a trade-union federation."""
