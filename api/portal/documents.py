"""The GraphQL documents the portal's modules send, read from their source.

The portal is static JavaScript: each document is a template literal starting with its
operation keyword, and may put in a constant of its own module (`${OFFER_FIELDS}`). A
deployment that runs trusted documents only trusts these, and a test validates them
against the committed schema.
"""

from __future__ import annotations

import re
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent / "static" / "js"
_DOCUMENT = re.compile(r"`\s*((?:query|mutation|subscription)\b[^`]*)`")
_CONSTANT = re.compile(r"const (\w+) = `([^`]*)`")


def portal_documents(scripts: Path = SCRIPTS) -> list[tuple[str, str]]:
    """(where, text) of each document literal of the portal's modules, with the module's
    own constants put in; `where` is the module and the operation's name."""
    found = []
    for path in sorted(scripts.rglob("*.js")):
        source = path.read_text(encoding="utf-8")
        constants = dict(_CONSTANT.findall(source))
        for match in _DOCUMENT.finditer(source):
            text = re.sub(r"\$\{(\w+)\}", lambda m, c=constants: c[m.group(1)], match.group(1))
            name = re.match(r"\w+\s+(\w+)", text)
            found.append((f"{path.relative_to(scripts)}:{name.group(1) if name else '?'}", text))
    return found
