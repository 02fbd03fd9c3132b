"""One module per register mutation."""

import strawberry

from api.people.mutations.import_people import ImportPeople
from api.people.mutations.register_person import RegisterPerson
from api.people.mutations.update_person import UpdatePerson


@strawberry.type
class PeopleMutations(RegisterPerson, UpdatePerson, ImportPeople):
    """Every register mutation, composed into the schema's Mutation root."""
