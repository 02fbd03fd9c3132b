"""Emptying a need's optional fields in an update. Null in an update leaves a field as it
is (a partner's client may send every field), so emptying one is asked by name."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

from domain.needs.model import Need

if TYPE_CHECKING:
    from domain.needs.services import NeedFields


class ClearableNeedField(enum.Enum):
    LOCATION = "LOCATION"  # the need is placed at its county's centre again
    DESCRIPTION = "DESCRIPTION"
    BENEFICIARY_COUNT = "BENEFICIARY_COUNT"


# The columns each one empties.
_COLUMNS = {
    ClearableNeedField.LOCATION: ("latitude", "longitude"),
    ClearableNeedField.DESCRIPTION: ("description",),
    ClearableNeedField.BENEFICIARY_COUNT: ("beneficiary_count",),
}


def set_and_cleared(fields: NeedFields, names: Iterable[ClearableNeedField]) -> bool:
    """A field is given a value and named to be emptied in the same update."""
    given = {
        ClearableNeedField.LOCATION: fields.location,
        ClearableNeedField.DESCRIPTION: fields.description,
        ClearableNeedField.BENEFICIARY_COUNT: fields.beneficiary_count,
    }
    return any(given[name] is not None for name in names)


def clear(need: Need, names: Iterable[ClearableNeedField]) -> None:
    for name in names:
        for column in _COLUMNS[name]:
            setattr(need, column, None)
