"""Signed webhooks: endpoints an organization registers, the events sent to them, and their delivery log."""
