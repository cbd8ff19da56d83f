"""Greenhouse's Assessment Partner API: Greenhouse lists, sends and polls Assay's tests, and hears results."""
