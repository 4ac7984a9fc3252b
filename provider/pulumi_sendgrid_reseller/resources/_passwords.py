"""The password rule of the resources.

SendGrid's documented reseller API accepts 6 to 128 characters; its current rule asks for at
least 8. The resources require 8 to 128: the stricter length breaks none of the documented
examples. They do not require a letter and a digit, because the documented examples
(``samplepassword``, ``johns_password``) have no digit.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, SecretStr, field_validator

from ..client._fields import password_length

RESOURCE_PASSWORD_MIN = 8
"""Shortest password the resources accept."""
RESOURCE_PASSWORD_MAX = 128
"""Longest password the resources accept."""


_check = password_length(RESOURCE_PASSWORD_MIN, RESOURCE_PASSWORD_MAX)


ResourcePassword = Annotated[SecretStr, AfterValidator(_check)]
"""A password of 8 to 128 characters, kept secret."""


class ResourcePasswordRule(BaseModel):
    """Mixin of an input model whose table declares ``password``: adds the 8-character rule.

    The field table keeps SendGrid's documented rule (6 to 128); the resources require the
    stricter one on top of it.
    """

    #: The rules this mixin states beyond the field table's, for the reference pages.
    field_rules: ClassVar[dict[str, str]] = {
        "password": f"{RESOURCE_PASSWORD_MIN} to {RESOURCE_PASSWORD_MAX} characters"
    }

    @field_validator("password", mode="before", check_fields=False)
    @classmethod
    def _resource_password(cls, value: Any) -> Any:
        # Before the table's own rule, so that the message states the stricter one.
        if isinstance(value, str):
            _check(SecretStr(value))
        elif isinstance(value, SecretStr):
            _check(value)
        return value
