"""Trusted documents are known by their canonical form; the documents that are always
trusted are the ones the docs and the portal hold."""

from __future__ import annotations

from api.server.trusted_documents import REGISTER_DOCUMENT
from domain.registry.documents import canonical, sha256_hex, split_operations
from reliefhub.operations import partner_operations


def test_the_always_trusted_registration_is_the_documented_one() -> None:
    # given the operation partners are told to send / then it is the one always trusted
    documented = partner_operations("registry")["RegisterTrustedDocuments"]
    assert canonical(documented) == canonical(REGISTER_DOCUMENT)


def test_layout_comments_and_commas_do_not_change_a_documents_hash() -> None:
    # given one document written two ways
    compact = "query Q($n: Int) { needs(first: $n) { totalCount } }"
    by_hand = "# mine\nquery Q(\n  $n: Int\n) {\n  needs(first: $n) { totalCount, }\n}\n"

    # then both have one canonical form and hash, and another document does not
    assert sha256_hex(canonical(compact)) == sha256_hex(canonical(by_hand))
    assert canonical(compact) != canonical(compact.replace("totalCount", "nodes { id }"))


def test_a_file_splits_into_its_operations_each_with_the_fragments_it_uses() -> None:
    # given a file of two operations and two fragments, one spreading the other
    text = """
    query A { categories { ...Unit } }
    query B { regions { code } }
    fragment Unit on Category { unit ...Code }
    fragment Code on Category { code }
    """

    # when it is split
    first, second = split_operations(text)

    # then A carries both fragments and B none
    assert "fragment Unit" in first and "fragment Code" in first
    assert "fragment" not in second
