"""The documented partner operations, so tests send exactly what partners are told to."""

from __future__ import annotations

from reliefhub.operations import partner_operations

REGISTRY = partner_operations("registry")
MATCHING = partner_operations("matching")
DISPATCH = partner_operations("dispatch")
LOOP = partner_operations("loop")
PEOPLE = partner_operations("people")
PARTNERS = partner_operations("partners")
VOLUNTEERS = partner_operations("volunteer_profiles")
CONSOLE = partner_operations("console")
ASSIGNMENTS = partner_operations("assignments")
