"""One module per category mutation."""

import strawberry

from api.categories.mutations.add_category import AddCategory
from api.categories.mutations.rename_category import RenameCategory
from api.categories.mutations.retire_category import RetireCategory


@strawberry.type
class CategoriesMutations(AddCategory, RenameCategory, RetireCategory):
    """Every categories mutation, composed into the schema's Mutation root."""
