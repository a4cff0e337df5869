"""How many credentials a merchant holds for the connector, counted in the doc.

They are named in the doc's auth statements and auth sections (a key, a key id and a shared secret;
a user name and a password; an access token and an entity id) and, for a merchant's own ids, in the
example requests (``processing_channel_id``, ``merchant.tariff``). The count picks the
``ConnectorAuthType`` variant holding that many secrets. Inline code in prose (header and field
names) is left out: a credential is counted by what the doc calls it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold import resources
from scaffold.docs.model import Evidence as DocEvidence
from scaffold.docs.reader import DocModel
from scaffold.proposals.common import doc_evidence
from scaffold.proposals.doc_bodies import DocBodies
from scaffold.proposals.model import Evidence

AUTH_SECTION = re.compile(r"(?i)\b(?:auth\w*|credentials?|security|api[ -]?keys?|keys|access)\b")
WEBHOOK_SECTION = re.compile(r"(?i)webhook|notification|callback")
CODE_SPAN = re.compile(r"`[^`]*`")


@dataclass
class Credentials:
    """The credentials found (canonical name -> where) and whether the doc says Basic's password is empty."""

    found: dict[str, Evidence] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return max(1, len(self.found))


def _texts(model: DocModel) -> list[tuple[str, DocEvidence]]:
    found = [(f.evidence.text, f.evidence) for f in model.auth.facts if f.strength >= 2]
    for doc in model.documents:
        for block in doc.blocks:
            section = block.section.context()
            if block.kind not in ("text", "item", "table") or not AUTH_SECTION.search(section):
                continue
            if WEBHOOK_SECTION.search(section):
                continue
            if block.kind == "table":
                found += [(" | ".join(r.cells), doc.evidence(r.line)) for r in block.rows]
            else:
                found.append((block.text, doc.excerpt(block)))
    return found


def _canonical(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def count(model: DocModel | None) -> Credentials:
    """The credentials the doc names."""
    result = Credentials()
    if model is None:
        return result
    data = resources.data_toml("proposals.toml")
    patterns = sorted(data["credentials"], key=lambda c: (c.get("fallback", False), c["name"] == "key"))
    rules = data["credential_rules"]
    issued = bool(model.serving("AccessTokenAuth"))
    texts = _texts(model)
    for text, where in texts:
        prose = CODE_SPAN.sub(" ", text)
        for credential in patterns:
            if credential.get("given_only") and issued:
                continue
            if credential.get("fallback") and result.found:
                continue
            for match in re.finditer(credential["pattern"], prose):
                name = _canonical(match.group(0)) if credential.get("per_match") else credential["name"]
                result.found.setdefault(name, doc_evidence(where))
                prose = prose[: match.start()] + " " * len(match.group(0)) + prose[match.end() :]
    if model.auth.scheme == "Basic" and any(re.search(rules["empty_password"], t) for t, _ in texts):
        result.found.pop("password", None)
        if "key" in result.found:
            result.found.pop("user name", None)  # the key is the user name
    _request_ids(model, result, rules["merchant_fields"])
    return result


def _request_ids(model: DocModel, result: Credentials, pattern: str) -> None:
    docs = DocBodies(model)
    for flow in ("Authorize", "AccessTokenAuth"):
        body = docs.body(flow, "request")
        if body is None:
            continue
        for leaf in body.leaves:
            if re.search(pattern, leaf.key):
                name = _canonical(leaf.name)
                if name not in result.found:
                    result.found[name] = Evidence(
                        "doc",
                        f"{body.doc}:{leaf.line}",
                        f"`{leaf.key}`: the merchant's own id, sent in every request",
                    )
