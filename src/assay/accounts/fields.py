"""Field types the API schemas share, with the bounds their OpenAPI description promises."""

from __future__ import annotations

from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field, WithJsonSchema

REFUSED_DOMAINS = ".arpa, .invalid, .local, .localhost and .onion"


def _deliverable_address(value: str) -> str:
    # test_environment accepts the reserved .test domain: teams rehearse their hiring flow with such addresses.
    # Deliverability (a DNS look-up) is not checked: a request must not wait on the network.
    try:
        checked = validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return str(checked.normalized)


Email = Annotated[
    str,
    Field(max_length=254),
    AfterValidator(_deliverable_address),
    WithJsonSchema(
        {
            "type": "string",
            "format": "email",
            "maxLength": 254,
            "description": f"An email address. Addresses at the special-use domains {REFUSED_DOMAINS} are refused "
            "with a 422: mail cannot reach them.",
        }
    ),
]
