"""One module per volunteer mutation."""

import strawberry

from api.volunteers.mutations.request_phone_code import RequestPhoneCode
from api.volunteers.mutations.set_availability import SetAvailability
from api.volunteers.mutations.update_volunteer_profile import UpdateVolunteerProfile


@strawberry.type
class VolunteerMutations(RequestPhoneCode, UpdateVolunteerProfile, SetAvailability):
    """Every volunteer mutation, composed into the schema's Mutation root."""
