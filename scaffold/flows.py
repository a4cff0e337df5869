"""The flows of a connector's ``ConnectorIntegration`` impls, in the order the spec gives them."""

from __future__ import annotations

KNOWN_FLOWS: tuple[str, ...] = (
    "Authorize",
    "PSync",
    "Capture",
    "Void",
    "Execute",
    "RSync",
    "Session",
    "SetupMandate",
    "AccessTokenAuth",
    "PaymentMethodToken",
)
