"""OpenAPI 3 documents (YAML or JSON), read exactly: operations, security schemes, schemas.

Parsed with PyYAML (JSON through ``json`` when YAML refuses it); every fact cites its JSON
pointer, and its line when the YAML parser gives one. Each operation's request body and responses
become example bodies (``OpenApiFacts.examples``: field names, types, required, enums, the
schema's example values) for the code proposals; the descriptions (``info``, operations, tags)
are prose the unsupported-flow reader reads like a Markdown doc's (``prose_document``).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from scaffold.docs import flows
from scaffold.docs.amounts import is_amount_field
from scaffold.docs.examples import Example, Value
from scaffold.docs.model import (
    AmountFact,
    AuthFact,
    Block,
    Document,
    Endpoint,
    ErrorField,
    Event,
    Evidence,
    Section,
    Status,
    Webhooks,
    quote,
)
from scaffold.docs.urls import BaseUrl, template
from scaffold.docs.words import FLOWS, fullword
from scaffold.errors import UsageError

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


def load_openapi(text: str, name: str) -> Any:
    """The data of an OpenAPI document (YAML, or JSON); UsageError (exit 2) with the parser's
    complaint, on one line, when it is neither."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as yaml_error:
        try:
            return json.loads(text)
        except ValueError as json_error:
            as_json = text.lstrip().startswith(("{", "["))
            error: Exception = json_error if as_json else yaml_error
            raise UsageError(
                f"doc {name} looks like OpenAPI but is not valid {'JSON' if as_json else 'YAML'}: "
                + " ".join(str(error).split()),
                "fix the document, or pass the API reference as Markdown",
            ) from error


def parse_openapi(text: str, name: str) -> Document:
    """The OpenAPI document ``text`` as a ``Document`` with its data and each pointer's line."""
    doc = Document(name, "openapi", text.splitlines())
    data = load_openapi(text, name)
    with contextlib.suppress(yaml.YAMLError):  # JSON that YAML cannot read: no line numbers
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _lines(node, "", doc.pointer_lines, [_MAX_NODES])
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
    examples: list[tuple[Example, Endpoint]] = field(default_factory=list)  # schemas as example bodies


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
        hooks = self.data.get("webhooks") or self.data.get("x-webhooks") or {}
        where = "/webhooks" if self.data.get("webhooks") else "/x-webhooks"
        for name, hook in hooks.items() if isinstance(hooks, dict) else ():
            if isinstance(hook, dict) or isinstance(self.resolve(hook)[0], dict):
                self.webhook(str(name), hook, where)
            else:
                self.webhook_extension(str(name), hook, f"{where}/{_escape(name)}")

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
            sentences = [s for s in re.split(r"(?<=[.;!?])\s+", summary) if s]
            if (
                "PSync" in found
                and "RSync" not in found
                and (flows.BOTH.search(summary) or flows.REFUND_LOOKUP.search(summary))
            ):
                found = (*found, "RSync")  # "find a refund by its action id"
            if (
                method in flows.WRITE
                and set(found) <= {"Authorize"}
                and any(map(flows.sets_up_mandate, sentences))
            ):
                found = (*found, "SetupMandate")  # "send an amount of 0 ... to store a card for later ..."
        endpoint.flows = [f for f in FLOWS if f in found]
        self.facts.endpoints.append(endpoint)
        self.schemas_of(operation, pointer, refund="refund" in f"{path} {summary} {op_id}".lower())
        self.examples_of(operation, pointer, endpoint)

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

    # --- schemas as example bodies ----------------------------------------------------------------

    def examples_of(self, operation: dict[str, Any], pointer: str, endpoint: Endpoint) -> None:
        """The operation's request body and responses as example bodies (2xx: ``response``, 4xx, 5xx
        and ``default``: ``error``)."""
        bodies: list[tuple[Any, str, str, int | None]] = []
        body, _ = self.resolve(operation.get("requestBody"))
        if isinstance(body, dict):
            bodies.append((body, f"{pointer}/requestBody", "request", None))
        for code, response in (operation.get("responses") or {}).items():
            response, _ = self.resolve(response)
            role = (
                "response"
                if str(code).startswith("2")
                else "error"
                if str(code)[:1] in ("4", "5") or code == "default"
                else None
            )
            if isinstance(response, dict) and role:
                bodies.append(
                    (
                        response,
                        f"{pointer}/responses/{_escape(code)}",
                        role,
                        int(code) if str(code).isdigit() else None,
                    )
                )
        for body, where, role, status in bodies:
            for media, content in (body.get("content") or {}).items():
                if not isinstance(content, dict) or content.get("schema") is None:
                    continue
                schema_pointer = f"{where}/content/{_escape(media)}/schema"
                values = self.schema_values(content["schema"], schema_pointer)
                if not values:
                    continue
                line = self.doc.pointer_lines.get(schema_pointer) or self.doc.pointer_lines.get(pointer) or 1
                title = endpoint.section or f"{endpoint.method} {endpoint.path}"
                block = Block("schema", line, line, Section(title, 0, line, (title,)), lang=str(media))
                kind = "form" if "form" in str(media) else "xml" if "xml" in str(media) else "json"
                example = Example(block, kind, values, role=role, status_code=status)
                example.pointer, example.media_type = schema_pointer, str(media)
                self.facts.examples.append((example, endpoint))
                break  # one media type per body

    def schema_values(self, schema: Any, pointer: str) -> list[Value]:
        """Every field of ``schema`` (``$ref``, ``allOf``/``oneOf``/``anyOf`` and arrays followed), dotted."""
        found: list[Value] = []
        budget = [400]

        def walk(
            node: Any, where: str, prefix: str, required: bool | None, seen: frozenset[str], depth: int
        ) -> None:
            node, ref = self.resolve(node)
            if ref:
                if ref in seen:
                    return
                seen, where = seen | {ref}, ref
            if not isinstance(node, dict) or depth > 8 or budget[0] <= 0:
                return
            kind = str(node.get("type", ""))
            parts = [
                (p, f"{where}/{part}/{i}")
                for part in ("allOf", "oneOf", "anyOf")
                for i, p in enumerate(node.get(part) or [])
            ]
            for sub, sub_where in parts:
                walk(sub, sub_where, prefix, required, seen, depth + 1)
            properties = node.get("properties") or {}
            if kind == "array" or "items" in node:
                walk(node.get("items"), f"{where}/items", prefix, required, seen, depth + 1)
                return
            if properties:
                names = set(node.get("required") or [])
                for name, prop in properties.items():
                    key = f"{prefix}.{name}" if prefix else str(name)
                    walk(prop, f"{where}/properties/{_escape(name)}", key, name in names, seen, depth + 1)
                return
            if not prefix or parts:
                return
            budget[0] -= 1
            found.append(self.schema_value(node, prefix, where, required, kind))

        walk(schema, pointer, "", None, frozenset(), 0)
        return found

    def schema_value(
        self, node: dict[str, Any], key: str, where: str, required: bool | None, kind: str
    ) -> Value:
        examples = node.get("examples")
        example = node.get(
            "example", examples[0] if isinstance(examples, list) and examples else node.get("default")
        )
        literal = json.dumps(example, default=str) if example is not None else ""
        shown = {
            "integer": "number",
            "number": "number",
            "boolean": "bool",
            "string": "string",
            "null": "null",
        }.get(kind, "object")
        enum = tuple(str(v) for v in node.get("enum") or [] if v is not None)
        fmt = str(node.get("format", ""))
        line = self.doc.pointer_lines.get(where) or 0
        return Value(
            key, literal, line, shown, f"{kind}/{fmt}" if fmt else kind or "object", required, enum, where
        )

    # --- webhooks -----------------------------------------------------------------------------------

    def webhook_extension(self, name: str, value: Any, pointer: str) -> None:
        """A vendor's own ``x-webhooks`` shape: a list of event names, a description in prose."""
        found = self.facts.webhooks
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str) and item not in {e.name for e in found.events}:
                    found.events.append(Event(item, self.evidence(pointer, f"{name}: {item}")))
        elif isinstance(value, str):
            from scaffold.docs.webhooks import _algorithm, signature_header

            found.mentions.append(self.evidence(pointer, value))
            header = signature_header(value, tuple(re.findall(r"`([^`]+)`", value)))
            if header and found.signature_header is None:
                found.signature_header = (header, self.evidence(pointer, value))
            algorithm = _algorithm(value)
            if algorithm and found.algorithm is None:
                found.algorithm = (algorithm, self.evidence(pointer, value))

    def webhook(self, name: str, hook: Any, where: str = "/webhooks") -> None:
        hook, _ = self.resolve(hook)
        pointer = f"{where}/{_escape(name)}"
        found = self.facts.webhooks
        before = len(found.events)
        for method in HTTP_METHODS:
            operation = hook.get(method) if isinstance(hook, dict) else None
            if not isinstance(operation, dict):
                continue
            for index, param in enumerate(operation.get("parameters") or []):
                param, _ = self.resolve(param)
                if (
                    isinstance(param, dict)
                    and param.get("in") == "header"
                    and re.search(r"(?i)sig|hmac|token|verif|hash|checksum", str(param.get("name", "")))
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
        if len(found.events) == before:  # no event enum in its payload: the webhook's own name is the event
            found.events.append(Event(name, self.evidence(pointer, f"webhook {name}")))


def read_openapi(doc: Document) -> OpenApiFacts:
    """The facts of an OpenAPI ``doc``."""
    reader = _Reader(doc)
    reader.servers()
    reader.security()
    reader.operations()
    reader.schemas()
    from scaffold.docs.endpoints import prefer_dedicated

    prefer_dedicated(reader.facts.endpoints)
    return reader.facts


def prose_document(doc: Document) -> Document:
    """The document's descriptions (``info``, tags, operations) as paragraphs of a Markdown-like
    ``Document``, each at its pointer's line, for the readers of prose."""
    data: dict[str, Any] = doc.openapi or {}
    found: list[tuple[str, str]] = []
    info: dict[str, Any] = data["info"] if isinstance(data.get("info"), dict) else {}
    found += [
        (f"/info/{k}", str(info[k])) for k in ("summary", "description") if isinstance(info.get(k), str)
    ]
    for index, tag in enumerate(data.get("tags") or []):
        if isinstance(tag, dict) and isinstance(tag.get("description"), str):
            found.append((f"/tags/{index}/description", tag["description"]))
    for path, item in (data.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict) and isinstance(operation.get("description"), str):
                found.append((f"/paths/{_escape(path)}/{method}/description", operation["description"]))
    prose = Document(doc.name, "lines", doc.lines)
    for pointer, text in found:
        line = doc.pointer_lines.get(pointer) or 1
        prose.blocks.append(Block("text", line, line, Section("", 0, 0, ()), text, index=len(prose.blocks)))
    return prose
