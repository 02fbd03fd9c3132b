"""One module per category mutation."""

import strawberry

from api.categories.mutations.add_category import AddCategory


@strawberry.type
class CategoriesMutations(AddCategory):
    """Every categories mutation, composed into the schema's Mutation root."""
