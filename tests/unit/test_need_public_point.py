"""What a need's change tells every webhook subscriber of its point."""

from __future__ import annotations

from domain.needs.changes import public_point
from domain.needs.model import Need


def test_a_need_naming_special_groups_announces_no_point() -> None:
    # given a need for elders living alone, with a point
    need = Need(latitude=31.6512, longitude=116.3817, special_groups=["ELDERLY_ALONE"])
    # then its change carries no point: subscribers read its county
    assert public_point(need) is None


def test_a_need_of_no_special_group_announces_its_point() -> None:
    # given a need of no special group, with a point, and one with none
    need = Need(latitude=31.6512, longitude=116.3817, special_groups=[])
    pointless = Need(latitude=None, longitude=None, special_groups=[])
    # then the first announces its point, the second none
    assert public_point(need) == {"latitude": 31.6512, "longitude": 116.3817}
    assert public_point(pointless) is None
