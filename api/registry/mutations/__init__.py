"""One module per registry mutation."""

import strawberry

from api.registry.mutations.add_organization_member import AddOrganizationMember
from api.registry.mutations.change_account_role import ChangeAccountRole
from api.registry.mutations.create_account import CreateAccount
from api.registry.mutations.create_api_token import CreateApiToken
from api.registry.mutations.create_office import CreateOffice
from api.registry.mutations.deactivate_office import DeactivateOffice
from api.registry.mutations.disable_account import DisableAccount
from api.registry.mutations.enable_account import EnableAccount
from api.registry.mutations.invite_account import InviteAccount
from api.registry.mutations.register_organization import RegisterOrganization
from api.registry.mutations.register_trusted_documents import RegisterTrustedDocuments
from api.registry.mutations.register_volunteer import RegisterVolunteer
from api.registry.mutations.review_organization import ReviewOrganization
from api.registry.mutations.review_volunteer import ReviewVolunteer
from api.registry.mutations.review_volunteer_membership import ReviewVolunteerMembership
from api.registry.mutations.revoke_api_token import RevokeApiToken
from api.registry.mutations.sign_in import SignIn
from api.registry.mutations.sign_out import SignOut
from api.registry.mutations.update_office import UpdateOffice
from api.registry.mutations.update_viewer import UpdateViewer
from api.registry.mutations.use_account_link import UseAccountLink


@strawberry.type
class RegistryMutations(
    UpdateViewer,
    CreateOffice,
    UpdateOffice,
    DeactivateOffice,
    CreateAccount,
    InviteAccount,
    DisableAccount,
    EnableAccount,
    ChangeAccountRole,
    UseAccountLink,
    SignIn,
    SignOut,
    CreateApiToken,
    RevokeApiToken,
    RegisterTrustedDocuments,
    RegisterOrganization,
    ReviewOrganization,
    AddOrganizationMember,
    RegisterVolunteer,
    ReviewVolunteerMembership,
    ReviewVolunteer,
):
    """Every registry mutation, composed into the schema's Mutation root."""
