"""Typed HTTP client of the SendGrid reseller (v2) and subuser (v3) APIs.

It knows SendGrid and nothing else: models in and out (:mod:`pydantic`), one transport
with one retry policy and one pacing of requests, one exception hierarchy. It is given its
inputs (:class:`Credentials`, :class:`Timeouts`); where they come from is the caller's
business (:mod:`pulumi_sendgrid_reseller.config` reads them from a Pulumi stack).
"""

from ._client import SendGridClient
from ._customers import CustomersAPI
from ._errors import (
    AlreadyExistsError,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    CredentialsError,
    ErrorDetail,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    SendGridError,
    ServerError,
)
from ._ips import IpListKind, IpsAPI
from ._models import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    AnyEmail,
    Customer,
    CustomerCreate,
    CustomerFilter,
    Email,
    IpAddress,
    IpUsage,
    LongEmail,
    MonitorSettings,
    NewUsername,
    Password,
    ProfileUpdate,
    Reputation,
    SendIps,
    Str50,
    Str100,
    Str255,
    Subuser,
    SubuserCreate,
    SubuserCreated,
    Username,
    V2Message,
)
from ._retry import RateBudgets, RetryPolicy
from ._subusers import SubusersAPI
from .credentials import DEFAULT_API_URL, Credentials, Timeouts

__all__ = [
    "DEFAULT_API_URL",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AlreadyExistsError",
    "AnyEmail",
    "AuthenticationError",
    "Credentials",
    "CredentialsError",
    "Customer",
    "CustomerCreate",
    "CustomerFilter",
    "CustomersAPI",
    "Email",
    "ErrorDetail",
    "InvalidRequestError",
    "IpAddress",
    "IpListKind",
    "IpUsage",
    "IpsAPI",
    "LongEmail",
    "MonitorSettings",
    "NewUsername",
    "NotFoundError",
    "Password",
    "PermissionDeniedError",
    "ProfileUpdate",
    "RateBudgets",
    "RateLimitError",
    "Reputation",
    "ResponseValidationError",
    "RetryPolicy",
    "SendGridClient",
    "SendGridError",
    "SendIps",
    "ServerError",
    "Str50",
    "Str100",
    "Str255",
    "Subuser",
    "SubuserCreate",
    "SubuserCreated",
    "SubusersAPI",
    "Timeouts",
    "Username",
    "V2Message",
]
