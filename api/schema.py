"""The strawberry schema, its security extensions, and `make schema`'s export."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import strawberry
from strawberry.extensions import (
    MaskErrors,
    ParserCache,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from api.assignments.mutations import AssignmentsMutations
from api.assignments.queries import AssignmentQueries
from api.categories.mutations import CategoriesMutations
from api.categories.queries import CategoryQueries
from api.dispatch.mutations import DispatchMutations
from api.dispatch.queries import DispatchQueries
from api.helprequests.mutations import HelpRequestsMutations
from api.helprequests.queries import HelpRequestQueries
from api.incidents.mutations import IncidentsMutations
from api.incidents.queries import IncidentQueries
from api.kernel.queries import NodeQueries
from api.matching.mutations import MatchingMutations
from api.matching.queries import MatchingQueries
from api.needs.mutations import NeedsMutations
from api.needs.queries import NeedQueries
from api.notify.mutations import NotifyMutations
from api.notify.queries import NotifyQueries, Subscription
from api.offers.mutations import OffersMutations
from api.offers.queries import OfferQueries
from api.people.mutations import PeopleMutations
from api.people.queries import PeopleQueries
from api.registry.mutations import RegistryMutations
from api.registry.queries import RegistryQueries
from api.server.error_logging import unexpected
from api.server.execution import ReliefHubExecutionContext
from api.server.metrics import OperationMetrics
from api.server.query_limits import HideSuggestions, QueryCost, document_limits
from api.server.trusted_documents import TrustedDocuments, TrustedOnly
from api.server.unavailable import DatabaseUnavailableExtension, QuietOutageSchema
from api.server.validation_cache import ValidationCache, ValidDocuments
from api.visits.mutations import VisitsMutations
from api.visits.queries import VisitQueries
from api.volunteers.mutations import VolunteerMutations

MAX_DEPTH = 10
MAX_TOKENS = 4000
MAX_ALIASES = 30
MAX_CACHED_DOCUMENTS = 256
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


@strawberry.type
class Query(
    NodeQueries,
    RegistryQueries,
    CategoryQueries,
    IncidentQueries,
    NeedQueries,
    OfferQueries,
    MatchingQueries,
    DispatchQueries,
    NotifyQueries,
    PeopleQueries,
    VisitQueries,
    HelpRequestQueries,
    AssignmentQueries,
):
    pass


@strawberry.type
class Mutation(
    RegistryMutations,
    VolunteerMutations,
    CategoriesMutations,
    IncidentsMutations,
    NeedsMutations,
    OffersMutations,
    MatchingMutations,
    DispatchMutations,
    NotifyMutations,
    PeopleMutations,
    VisitsMutations,
    HelpRequestsMutations,
    AssignmentsMutations,
):
    pass


def build_schema(
    *,
    development: bool = True,
    batch_max_operations: int = 0,
    documents: TrustedDocuments | None = None,
) -> strawberry.Schema:
    """The schema; outside development errors are masked, introspection and field
    suggestions are off. Operation batching only when a deployment sets a maximum;
    only trusted documents when `documents` says so."""
    valid = ValidDocuments(MAX_CACHED_DOCUMENTS)  # this schema's own: its rules decided
    # Factories, so every request gets fresh extension instances.
    extensions: list[Callable[[], SchemaExtension]] = [
        # First, so that it counts and times the operations the limits below refuse too.
        OperationMetrics,
        # Depth, tokens, aliases and (outside development) no introspection, its rules
        # built once.
        document_limits(
            max_depth=MAX_DEPTH,
            max_tokens=MAX_TOKENS,
            max_aliases=MAX_ALIASES,
            introspection=development,
        ),
        QueryCost,
        # After QueryCost, so an operation it refused is never marked valid.
        lambda: ValidationCache(valid),
        lambda: ParserCache(maxsize=MAX_CACHED_DOCUMENTS),
    ]
    if documents is not None and documents.trusted_only:
        # First, so the cost and the validation cache see its refusal and leave it be.
        extensions.insert(0, lambda: TrustedOnly(documents))
    if not development:
        extensions.append(HideSuggestions)
        extensions.append(lambda: MaskErrors(should_mask_error=unexpected))
    # Last, so that it sees resolver errors before MaskErrors does (exit runs in reverse).
    extensions.append(DatabaseUnavailableExtension)
    return QuietOutageSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        execution_context_class=ReliefHubExecutionContext,
        config=StrawberryConfig(
            auto_camel_case=True,
            batching_config=(
                {"max_operations": batch_max_operations} if batch_max_operations > 0 else None
            ),
        ),
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
