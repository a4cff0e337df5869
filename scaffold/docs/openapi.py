"""OpenAPI 3 documents (YAML or JSON), read exactly: operations, security schemes, schemas.

Parsed with PyYAML (JSON through ``json`` when YAML refuses it); every fact cites its JSON
pointer, and its line when the YAML parser gives one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from scaffold.docs import flows
from scaffold.docs.amounts import is_amount_field
from scaffold.docs.model import (
    AmountFact,
    AuthFact,
    Document,
    Endpoint,
    ErrorField,
    Event,
    Evidence,
    Status,
    Webhooks,
    quote,
)
from scaffold.docs.urls import BaseUrl, template
from scaffold.docs.words import FLOWS, fullword

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
_MAX_NODES = 200_000
_DISCRIMINATOR = re.compile(
    r"(?i)^(?:payment_?type|transaction_?type|type|action|operation|intent|command|mode)$"
)


def looks_like_openapi(text: str) -> bool:
    """Whether ``text`` is an OpenAPI (or Swagger) document rather than Markdown."""
    head = text[:4000]
    return bool(re.search(r"""(?m)^\s*["']?(?:openapi|swagger)["']?\s*:\s*["']?\d""", head))


def _escape(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _lines(node: yaml.Node, pointer: str, found: dict[str, int], budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        return
    found.setdefault(pointer, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                here = f"{pointer}/{_escape(key.value)}"
                found.setdefault(here, key.start_mark.line + 1)
                _lines(value, here, found, budget)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, f"{pointer}/{index}", found, budget)


def parse_openapi(text: str, name: str) -> Document:
    """The OpenAPI document ``text`` as a ``Document`` with its data and each pointer's line."""
    doc = Document(name, "openapi", text.splitlines())
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _lines(node, "", doc.pointer_lines, [_MAX_NODES])
    except yaml.YAMLError:
        try:
            data = json.loads(text)
        except ValueError as exc:
            from scaffold.errors import UsageError

            raise UsageError(
                f"doc {name} looks like OpenAPI but is neither valid YAML nor JSON: {exc}",
                "fix the document, or pass the API reference as Markdown",
            ) from exc
    doc.openapi = data if isinstance(data, dict) else {}
    return doc


@dataclass
class OpenApiFacts:
    """Everything read from one OpenAPI document."""

    base_urls: list[BaseUrl] = field(default_factory=list)
    endpoints: list[Endpoint] = field(default_factory=list)
    amounts: list[AmountFact] = field(default_factory=list)
    auth: list[AuthFact] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    error_fields: list[ErrorField] = field(default_factory=list)
    webhooks: Webhooks = field(default_factory=Webhooks)
    access_token: bool = False


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.openapi or {}
        self.facts = OpenApiFacts()

    def evidence(self, pointer: str, text: str) -> Evidence:
        return Evidence(self.doc.where(self.doc.pointer_lines.get(pointer), pointer), quote(text))

    def resolve(self, value: Any, depth: int = 0) -> tuple[Any, str | None]:
        """``value`` with a local ``$ref`` followed (and the pointer it led to)."""
        pointer = None
        while isinstance(value, dict) and isinstance(value.get("$ref"), str) and depth < 10:
            ref = value["$ref"]
            if not ref.startswith("#/"):
                return value, pointer
            pointer = ref[1:]
            target: Any = self.data
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, dict) else None
            value, depth = target, depth + 1
        return value, pointer

    # --- servers, security -------------------------------------------------------------------------

    def servers(self) -> None:
        host = self.data.get("host")  # Swagger 2: host, basePath, schemes
        if isinstance(host, str):
            scheme = next(iter(self.data.get("schemes") or ["https"]))
            url = f"{scheme}://{host}{self.data.get('basePath') or ''}"
            self.facts.base_urls.append(BaseUrl(url, self.evidence("/host", url)))
        for index, server in enumerate(self.data.get("servers") or []):
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                url = server["url"]
                text = f"{url} {server.get('description', '')}".strip()
                self.facts.base_urls.append(BaseUrl(url, self.evidence(f"/servers/{index}/url", text)))

    def used_schemes(self) -> set[str]:
        """The security schemes the document's and its operations' ``security`` lists name."""
        lists = [self.data.get("security") or []]
        for item in (self.data.get("paths") or {}).values():
            for method in HTTP_METHODS:
                operation = item.get(method) if isinstance(item, dict) else None
                if isinstance(operation, dict):
                    lists.append(operation.get("security") or [])
        return {str(name) for found in lists for entry in found if isinstance(entry, dict) for name in entry}

    def security(self) -> None:
        where = "/components/securitySchemes"
        schemes = ((self.data.get("components") or {}).get("securitySchemes")) or {}
        if not schemes and isinstance(self.data.get("securityDefinitions"), dict):  # Swagger 2
            schemes, where = self.data["securityDefinitions"], "/securityDefinitions"
        used = self.used_schemes()
        for key, scheme in schemes.items():
            scheme, _ = self.resolve(scheme)
            if not isinstance(scheme, dict):
                continue
            pointer = f"{where}/{_escape(key)}"
            strength = 3 if not used or str(key) in used else 2
            kind, described = (
                str(scheme.get("type", "")).lower(),
                f"{key} {scheme.get('name', '')} {scheme.get('description', '')}",
            )
            evidence = self.evidence(pointer, f"{key}: {json.dumps(scheme, default=str)[:140]}")
            http = str(scheme.get("scheme", "")).lower() if kind == "http" else kind
            if re.search(r"(?i)signature|hmac|signed", described):
                self.facts.auth.append(AuthFact("Signature", str(scheme.get("name", "")), strength, evidence))
            elif http == "bearer":
                self.facts.auth.append(AuthFact("Bearer", "Authorization", strength, evidence))
            elif http == "basic":
                self.facts.auth.append(AuthFact("Basic", "Authorization", strength, evidence))
            elif kind == "apikey":
                self.facts.auth.append(AuthFact("ApiKey", str(scheme.get("name", "")), strength, evidence))
            elif kind in ("oauth2", "openidconnect"):
                self.facts.access_token = True
                self.facts.auth.append(AuthFact("Bearer", "Authorization", strength, evidence))

    # --- operations ---------------------------------------------------------------------------------

    def operations(self) -> None:
        for path, item in (self.data.get("paths") or {}).items():
            item, _ = self.resolve(item)
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    self.operation(str(path), method.upper(), operation)
        for name, hook in (self.data.get("webhooks") or self.data.get("x-webhooks") or {}).items():
            self.webhook(str(name), hook)

    def operation(self, path: str, method: str, operation: dict[str, Any]) -> None:
        pointer = f"/paths/{_escape(path)}/{method.lower()}"
        templated = template(path)
        summary = " ".join(str(operation.get(k, "")) for k in ("summary", "description"))
        op_id = re.sub(r"(?<=[a-z])(?=[A-Z])|[_-]", " ", str(operation.get("operationId", "")))
        tags = " ".join(str(t) for t in operation.get("tags") or [])
        trailing = bool(re.search(r"\{[^}]*\}$", templated))
        endpoint = Endpoint(
            method,
            templated,
            self.doc.where(self.doc.pointer_lines.get(pointer), pointer),
            str(operation.get("summary") or tags or ""),
        )
        endpoint.evidence.append(self.evidence(pointer, f"{method} {path}: {summary.strip() or op_id}"))
        endpoint.deprecated = bool(operation.get("deprecated"))
        found: tuple[str, ...] = ()
        if not endpoint.deprecated:
            sources = [
                flows.classify(summary, method, trailing),
                flows.classify(op_id, method, trailing),
                flows.classify_path(method, templated),
                flows.classify(tags, method, trailing),
            ]
            reading = next((r for r in sources if r.strength == "verb"), None) or next(
                (r for r in sources if r.decided), flows.UNDECIDED
            )
            found = reading.flows
            if sources[0].strength == "verb" or sources[1].strength == "verb":
                endpoint.stated_flows.extend(found)
            found = found + self.discriminated(operation, pointer, trailing)
        endpoint.flows = [f for f in FLOWS if f in found]
        self.facts.endpoints.append(endpoint)
        self.schemas_of(operation, pointer, refund="refund" in f"{path} {summary} {op_id}".lower())

    def discriminated(self, operation: dict[str, Any], pointer: str, trailing: bool) -> tuple[str, ...]:
        body, _ = self.resolve(operation.get("requestBody"))
        found: list[str] = []
        for schema, _ in self.body_schemas(body):
            for name, prop in self.properties(schema):
                prop, _ = self.resolve(prop)
                if not (
                    _DISCRIMINATOR.match(name)
                    and isinstance(prop, dict)
                    and isinstance(prop.get("enum"), list)
                ):
                    continue
                for value in prop["enum"]:
                    reading = flows.classify(str(value).replace("_", " "), "POST", trailing)
                    for flow in reading.flows if reading.strength == "verb" else ():
                        if flow not in found and (flow != "Authorize" or not trailing):
                            found.append(flow)
        return tuple(found)

    def body_schemas(self, body: Any) -> Iterator[tuple[Any, str]]:
        if not isinstance(body, dict):
            return
        for media, content in (body.get("content") or {}).items():
            if isinstance(content, dict):
                schema, _ = self.resolve(content.get("schema"))
                yield schema, str(media)

    def properties(self, schema: Any, depth: int = 0) -> Iterator[tuple[str, Any]]:
        schema, _ = self.resolve(schema)
        if not isinstance(schema, dict) or depth > 4:
            return
        for part in ("allOf", "oneOf", "anyOf"):
            for sub in schema.get(part) or []:
                yield from self.properties(sub, depth + 1)
        for name, prop in (schema.get("properties") or {}).items():
            yield str(name), prop

    def schemas_of(self, operation: dict[str, Any], pointer: str, refund: bool) -> None:
        """Error bodies from an operation's 4xx/5xx/default responses."""
        for code, response in (operation.get("responses") or {}).items():
            response, _ = self.resolve(response)
            if not (str(code).startswith(("4", "5")) or str(code) == "default"):
                continue
            for schema, _ in self.body_schemas(response):
                schema_resolved, ref = self.resolve(schema)
                where = ref or f"{pointer}/responses/{code}"
                for name, prop in self.properties(schema_resolved):
                    names = [name]
                    inner, _ = self.resolve(prop)
                    if isinstance(inner, dict) and inner.get("type") == "object":
                        names = [f"{name}.{n}" for n, _ in self.properties(inner)] or names
                    for full in names:
                        if full not in {f.name for f in self.facts.error_fields}:
                            self.facts.error_fields.append(
                                ErrorField(full, self.evidence(where, f"error body field `{full}`"))
                            )

    # --- schemas: amounts and statuses --------------------------------------------------------------

    def schemas(self) -> None:
        where = "/components/schemas"
        schemas = ((self.data.get("components") or {}).get("schemas")) or {}
        if not schemas and isinstance(self.data.get("definitions"), dict):  # Swagger 2
            schemas, where = self.data["definitions"], "/definitions"
        for name, schema in schemas.items():
            pointer = f"{where}/{_escape(name)}"
            self.walk(schema, pointer, str(name), 0)
            self.named_schema(str(name), schema, pointer)
        for path, item in (self.data.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict):
                    continue
                base = f"/paths/{_escape(path)}/{method}"
                body = operation.get("requestBody")
                if isinstance(body, dict) and "$ref" not in body:
                    for media, content in (body.get("content") or {}).items():
                        schema = content.get("schema") if isinstance(content, dict) else None
                        if isinstance(schema, dict) and "$ref" not in schema:
                            self.walk(
                                schema, f"{base}/requestBody/content/{_escape(media)}/schema", str(path), 0
                            )

    def named_schema(self, name: str, schema: Any, pointer: str) -> None:
        """A ``PaymentStatus`` enum schema gives statuses; an ``Error`` schema the error body's fields
        when no error response names one."""
        if not isinstance(schema, dict):
            return
        enum = schema.get("enum")
        if re.search(r"(?i)(?:status|state)$", name) and isinstance(enum, list):
            kind = "refund" if re.search(r"(?i)refund", name) else "payment"
            text = f"{name} enum: {', '.join(map(str, enum))}"
            known = {(s.value, s.kind) for s in self.facts.statuses}
            for value in enum:
                if isinstance(value, str) and (value, kind) not in known:
                    self.facts.statuses.append(Status(value, kind, self.evidence(pointer, text)))
        if re.search(r"(?i)error|problem|fault", name) and not self.facts.error_fields:
            for field_name, _ in self.properties(schema):
                self.facts.error_fields.append(
                    ErrorField(field_name, self.evidence(pointer, f"error body field `{field_name}`"))
                )

    def walk(self, schema: Any, pointer: str, context: str, depth: int) -> None:
        if not isinstance(schema, dict) or "$ref" in schema or depth > 5:
            return
        for part in ("allOf", "oneOf", "anyOf"):
            for index, sub in enumerate(schema.get(part) or []):
                self.walk(sub, f"{pointer}/{part}/{index}", context, depth + 1)
        for name, prop in (schema.get("properties") or {}).items():
            here = f"{pointer}/properties/{_escape(name)}"
            if not isinstance(prop, dict):
                continue
            resolved, _ = self.resolve(prop)
            if isinstance(resolved, dict):
                self.property(str(name), resolved, here, context)
            if "$ref" not in prop:
                self.walk(prop, here, f"{context} {name}", depth + 1)
                if isinstance(prop.get("items"), dict):
                    self.walk(prop["items"], f"{here}/items", f"{context} {name}", depth + 1)

    def property(self, name: str, prop: dict[str, Any], pointer: str, context: str) -> None:
        dotted = f"{context.split()[-1]}.{name}" if name == "value" and context.split() else name
        if is_amount_field(dotted) or is_amount_field(name):
            self.amount(name, prop, pointer)
        enum = prop.get("enum")
        if fullword("statuses", "fields").fullmatch(name) and isinstance(enum, list):
            kind = "refund" if re.search(r"(?i)refund", f"{context} {pointer}") else "payment"
            for value in enum:
                if isinstance(value, str):
                    self.facts.statuses.append(
                        Status(
                            value, kind, self.evidence(pointer, f"{name} enum: {', '.join(map(str, enum))}")
                        )
                    )

    def amount(self, name: str, prop: dict[str, Any], pointer: str) -> None:
        from scaffold.docs.amounts import _unit_cues

        kind, fmt = str(prop.get("type", "")), str(prop.get("format", ""))
        description = " ".join(str(prop.get(k, "")) for k in ("description", "title"))
        text = f"{name}: type {kind}{' (' + fmt + ')' if fmt else ''}; {description}".strip()
        evidence = self.evidence(pointer, text)
        unit = _unit_cues(description)
        if unit:
            self.facts.amounts.append(AmountFact(unit, None, "stated", evidence, field=name))
        if kind in ("integer", "number"):
            decimals = (
                True
                if kind == "number" and fmt in ("float", "double", "decimal")
                else (False if kind == "integer" else None)
            )
            self.facts.amounts.append(
                AmountFact(
                    "Base" if decimals else None, "number", "typed", evidence, decimals=decimals, field=name
                )
            )
        elif kind == "string":
            pattern = str(prop.get("pattern", ""))
            decimals = bool(re.search(r"\\\.|\[\.\]|decimal", pattern + fmt)) or None
            self.facts.amounts.append(
                AmountFact(
                    "Base" if decimals else None, "string", "typed", evidence, decimals=decimals, field=name
                )
            )
        example = prop.get(
            "example", (prop.get("examples") or [None])[0] if isinstance(prop.get("examples"), list) else None
        )
        if (
            isinstance(example, int | float | str)
            and not isinstance(example, bool)
            and re.fullmatch(r"-?\d+(?:\.\d+)?", str(example))
        ):
            decimals = "." in str(example)
            representation = "string" if isinstance(example, str) else "number"
            self.facts.amounts.append(
                AmountFact(
                    "Base" if decimals else None,
                    representation,
                    "example",
                    self.evidence(pointer, f"{name} example: {json.dumps(example)}"),
                    decimals=decimals,
                    field=name,
                )
            )

    # --- webhooks -----------------------------------------------------------------------------------

    def webhook(self, name: str, hook: Any) -> None:
        hook, _ = self.resolve(hook)
        pointer = f"/webhooks/{_escape(name)}"
        found = self.facts.webhooks
        found.events.append(Event(name, self.evidence(pointer, f"webhook {name}")))
        for method in HTTP_METHODS:
            operation = hook.get(method) if isinstance(hook, dict) else None
            if not isinstance(operation, dict):
                continue
            for index, param in enumerate(operation.get("parameters") or []):
                param, _ = self.resolve(param)
                if (
                    isinstance(param, dict)
                    and param.get("in") == "header"
                    and re.search(r"(?i)sig|hmac", str(param.get("name", "")))
                ):
                    where = f"{pointer}/{method}/parameters/{index}"
                    found.signature_header = found.signature_header or (
                        str(param["name"]),
                        self.evidence(where, str(param.get("description") or param["name"])),
                    )
                    from scaffold.docs.webhooks import _algorithm

                    algorithm = _algorithm(str(param.get("description", "")))
                    if algorithm and found.algorithm is None:
                        found.algorithm = (algorithm, self.evidence(where, str(param.get("description"))))
            body, _ = self.resolve(operation.get("requestBody"))
            for schema, _ in self.body_schemas(body):
                if not found.payload_fields:
                    found.payload_fields = [n for n, _ in self.properties(schema)]
                    found.payload_evidence = self.evidence(
                        f"{pointer}/{method}/requestBody", ", ".join(found.payload_fields)
                    )
                for prop_name, prop in self.properties(schema):
                    prop, _ = self.resolve(prop)
                    if re.fullmatch(r"(?i)type|event|event_?type", prop_name) and isinstance(prop, dict):
                        for value in prop.get("enum") or []:
                            if str(value) not in {e.name for e in found.events}:
                                found.events.append(
                                    Event(
                                        str(value),
                                        self.evidence(
                                            f"{pointer}/{method}/requestBody", f"{prop_name} enum {value}"
                                        ),
                                    )
                                )


def read_openapi(doc: Document) -> OpenApiFacts:
    """The facts of an OpenAPI ``doc``."""
    reader = _Reader(doc)
    reader.servers()
    reader.security()
    reader.operations()
    reader.schemas()
    return reader.facts
