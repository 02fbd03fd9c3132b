"""Times told in a zone: the wall clock there and its offset."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.notify.local_times import localized, told, zone


def test_times_are_told_in_china_unless_the_recipient_names_a_zone() -> None:
    # given a UTC instant among other parameters
    moment = datetime(2020, 7, 21, 10, 0, tzinfo=UTC)
    parameters = {"needed_by": moment, "code": "RH-7K3F9Q", "quantity": 40}
    # when told for a recipient with no zone, and for one in Urumqi
    default = localized(parameters, None)
    urumqi = localized(parameters, "Asia/Urumqi")
    # then the instant reads as China's wall clock, or Urumqi's; the rest is untouched
    assert default == {
        "needed_by": "2020-07-21 18:00 UTC+08:00",
        "code": "RH-7K3F9Q",
        "quantity": 40,
    }
    assert urumqi["needed_by"] == "2020-07-21 16:00 UTC+06:00"


def test_a_naive_time_is_read_as_utc_and_an_unknown_zone_falls_back_to_china() -> None:
    # given a naive datetime (as some drivers hand UTC back) and a zone that does not exist
    # when told / then it is UTC moved to China's clock
    assert (
        told(datetime(2020, 7, 21, 23, 30), zone("Nowhere/Atlantis"))
        == "2020-07-22 07:30 UTC+08:00"
    )
