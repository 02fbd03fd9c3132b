"""Masking of phone numbers, emails and names for viewers who may not see them in full."""

from __future__ import annotations


def mask_phone(e164: str) -> str:
    """'+8613812345678' -> '+86 138****5678': enough to recognise, not to call."""
    if e164.startswith("+86") and len(e164) >= 10:
        local = e164[3:]
        return f"+86 {local[:3]}****{local[-4:]}"
    return e164[:3] + "*" * max(len(e164) - 7, 3) + e164[-4:]


def mask_email(address: str) -> str:
    """'zhang@example.org' -> 'z***@example.org'."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def masked_name(name: str) -> str:
    """张三丰 → 张**; an English name keeps its first letter."""
    name = name.strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""
