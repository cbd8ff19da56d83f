"""Offline static analysis of a submission: each analyzer reads files, none runs the candidate's code.

Every analyzer returns Findings with a rule id, a skill and a severity; the
static stage turns them into scored checks.
"""
