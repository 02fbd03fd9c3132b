"""The strawberry schema, its security extensions, and `make schema`'s export."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from api.dispatch_queries import DispatchQueries, Subscription
from api.metrics import OperationMetrics
from api.mutations.accounts import AccountMutations
from api.mutations.dispatches import DispatchMutations
from api.mutations.incidents import IncidentMutations
from api.mutations.matching import MatchingMutations
from api.mutations.need_import import NeedImportMutations
from api.mutations.need_sync import NeedSyncMutations
from api.mutations.needs import NeedMutations
from api.mutations.offers import OfferMutations
from api.mutations.organizations import OrganizationMutations
from api.queries import RegistryQueries
from api.relief_queries import ReliefQueries
from domain.errors import DomainError

MAX_DEPTH = 10
MAX_TOKENS = 4000
MAX_ALIASES = 30
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


@strawberry.type
class Query(RegistryQueries, ReliefQueries, DispatchQueries):
    pass


@strawberry.type
class Mutation(
    AccountMutations,
    OrganizationMutations,
    IncidentMutations,
    NeedMutations,
    NeedImportMutations,
    NeedSyncMutations,
    OfferMutations,
    MatchingMutations,
    DispatchMutations,
):
    pass


def _unexpected(error: GraphQLError) -> bool:
    # Our own refusals are GraphQLErrors; anything else is a bug whose text may leak.
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | DomainError)


def build_schema(*, development: bool = True) -> strawberry.Schema:
    """The schema; outside development errors are masked and introspection is off."""
    # Factories, so every request gets fresh extension instances.
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        OperationMetrics,
    ]
    if not development:
        extensions.append(lambda: MaskErrors(should_mask_error=_unexpected))
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
    )


def export_sdl() -> str:
    """The schema as SDL, as committed in schema.graphql."""
    return build_schema().as_str() + "\n"


def main() -> None:
    """`python -m api.schema [--check]`: write schema.graphql, or fail when it is stale."""
    sdl = export_sdl()
    if "--check" in sys.argv:
        if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text() != sdl:
            sys.exit("schema.graphql is stale: run `make schema`")
        return
    SCHEMA_FILE.write_text(sdl)


if __name__ == "__main__":
    main()
