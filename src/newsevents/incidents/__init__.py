"""Incidents: the unit of record. One per real act an article reports, however often it
mentions it, with every mention kept as evidence."""

from newsevents.incidents.consolidate import consolidate

__all__ = ["consolidate"]
