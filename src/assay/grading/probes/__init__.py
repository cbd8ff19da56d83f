"""Trusted probes: small programs the platform runs inside a run's network namespace only.

They are platform code (never the candidate's), started with the platform's
Python, and print one JSON object on stdout.
"""
