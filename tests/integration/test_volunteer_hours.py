"""Hours per volunteer of an incident or an organization, the CSV of volunteer records
(names masked outside the organization), a volunteer's printable record, and who sees a
volunteer's contacts and positions on an assignment."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.integration.documents import ASSIGNMENTS, REGISTRY
from tests.steps.assignments import Deployment, act, deploy, deployment
from tests.steps.registry import office_staff


async def _served(api: ApiClient, scene: Deployment, minutes: int | None) -> str:
    """The counsellor deployed, checked in at a position and out; confirmed if `minutes`."""
    counsellor, token = scene.members["王芳"]
    deployed = await deploy(api, scene.organization.token, scene.allocation, counsellor)
    assignment = str(deployed["assignments"][0]["id"])
    here = {"latitude": 31.75, "longitude": 116.5}
    await act(api, "checkIn", token, assignmentId=assignment, location=here)
    await act(api, "checkOut", token, assignmentId=assignment)
    if minutes is not None:
        confirmed = await act(
            api, "confirmHours", scene.office.token, assignmentId=assignment, minutes=minutes
        )
        assert confirmed["userErrors"] == [], confirmed
    return assignment


async def _hours(api: ApiClient, token: str, **filter: str) -> dict[str, Any]:
    found = await api.gql(ASSIGNMENTS["VolunteerHours"], {"filter": filter, "first": 10}, token)
    return dict(found["volunteerHours"])


async def _partner(api: ApiClient, office: str, scopes: list[str]) -> str:
    created = await api.mutate(
        "createApiToken", REGISTRY["CreateApiToken"], {"name": "p", "scopes": scopes}, office
    )
    return str(created["token"])


async def test_hours_per_volunteer_for_the_incident_and_the_organization(api: ApiClient) -> None:
    # given the counsellor's 45 confirmed minutes on the incident
    scene = await deployment(api)
    await _served(api, scene, 45)
    counsellor, _ = scene.members["王芳"]
    expected = {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "volunteer": {"id": counsellor, "displayName": "王芳"},
                    "confirmedMinutes": 45,
                    "assignments": 1,
                }
            }
        ],
    }

    # when the office asks for the incident and the organization for itself
    # then both read her 45 minutes
    assert await _hours(api, scene.office.token, incidentId=scene.incident) == expected
    organization = {"organizationId": scene.organization.id}
    assert await _hours(api, scene.organization.token, **organization) == expected

    # and a partner token without PERSONAL_DATA reads the count, not the person
    counts = await _partner(api, scene.office.token, ["DISPATCH"])
    blind = await _hours(api, counts, incidentId=scene.incident)
    assert blind["totalCount"] == 1
    assert blind["edges"][0]["node"]["volunteer"] is None
    # and an office elsewhere reads nobody
    hefei = await office_staff(api, scene.admin, "340100")
    assert (await _hours(api, hefei, incidentId=scene.incident))["totalCount"] == 0


async def test_the_csv_masks_names_outside_the_organization(api: ApiClient) -> None:
    # given confirmed hours of an organization's member
    scene = await deployment(api)
    await _served(api, scene, 45)
    path = f"/exports/volunteer-hours.csv?incidentId={scene.incident}"

    # when the office and the organization download the incident's record
    by_office = await api.http.get(path, headers={"authorization": f"Bearer {scene.office.token}"})
    by_org = await api.http.get(
        path, headers={"authorization": f"Bearer {scene.organization.token}"}
    )

    # then each row is one activity: name, masked phone, activity, place, date, hours
    assert by_office.status_code == 200
    header, row = by_office.text.lstrip("\ufeff").splitlines()
    assert header.startswith("姓名 Name,")
    assert row.startswith("王*,+86 139****1111,")
    assert row.endswith(",0.75")
    # and the organization reads the name in full
    assert by_org.text.splitlines()[1].startswith("王芳,")
    # but its partner token without PERSONAL_DATA reads it masked: counts, not people
    counts = await _partner(api, scene.organization.token, ["DISPATCH"])
    blind = await api.http.get(path, headers={"authorization": f"Bearer {counts}"})
    assert blind.status_code == 200
    assert blind.text.lstrip("\ufeff").splitlines()[1].startswith("王*,+86 139****1111,")
    # and without a filter the request is refused
    bad = await api.http.get(
        "/exports/volunteer-hours.csv", headers={"authorization": f"Bearer {scene.office.token}"}
    )
    assert bad.status_code == 400


async def test_a_volunteer_downloads_a_record_of_their_confirmed_service(api: ApiClient) -> None:
    # given the counsellor's 45 confirmed minutes
    scene = await deployment(api)
    await _served(api, scene, 45)
    _, token = scene.members["王芳"]

    # when she downloads her record in Chinese and in English
    zh = await api.http.get(
        "/records/volunteer-service.html", headers={"authorization": f"Bearer {token}"}
    )
    en = await api.http.get(
        "/records/volunteer-service.html?lang=en", headers={"authorization": f"Bearer {token}"}
    )

    # then it names her, the activity and 0.75 hours in all
    assert zh.status_code == 200 and "志愿服务记录证明" in zh.text
    assert "王芳" in zh.text and "累计确认服务时长：0.75 小时" in zh.text
    assert "Confirmed service in all: 0.75 hours" in en.text
    # and the office, who is no volunteer, has no record
    office = await api.http.get(
        "/records/volunteer-service.html", headers={"authorization": f"Bearer {scene.office.token}"}
    )
    assert office.status_code == 403


async def test_contacts_and_positions_only_for_those_who_serve_with_the_volunteer(
    api: ApiClient,
) -> None:
    # given the counsellor checked in at a position and out, hours not yet confirmed
    scene = await deployment(api)
    assignment = await _served(api, scene, None)
    _, own = scene.members["王芳"]

    async def seen(token: str) -> tuple[str, Any]:
        found = await api.gql(ASSIGNMENTS["Assignments"], {"first": 5}, token)
        (node,) = [
            e["node"] for e in found["assignments"]["edges"] if e["node"]["id"] == assignment
        ]
        return node["contactPhone"], node["checkInPosition"]

    full = ("+8613900001111", {"latitude": 31.75, "longitude": 116.5})
    masked = ("+86 139****1111", None)
    # then she and her organization's admin see them in full
    assert await seen(own) == full
    assert await seen(scene.organization.token) == full
    # and the office, now that the assignment is no longer active, sees them masked
    assert await seen(scene.office.token) == masked
