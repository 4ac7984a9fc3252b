"""Pulumi resources for SendGrid reseller accounts.

Resources: :class:`Customer`, :class:`CustomerIpAssignment`, :class:`Subuser`,
:class:`SubuserMonitor`, and the :class:`Tenant` component.
Lookups: :func:`get_ips`, :func:`get_ip_usage`,
:func:`get_customer_ips`, :func:`get_customers`, :func:`get_subusers`,
:func:`get_subuser_reputations`. Errors: :class:`SendGridError` and its subclasses,
:class:`ProviderError`.
"""

from ._version import __version__
from .client import (
    AlreadyExistsError,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    CredentialsError,
    CustomerFilter,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SendGridClient,
    SendGridError,
    ServerError,
)
from .components import CustomerProfile, Tenant, TenantArgs, TenantMonitor
from .functions import (
    get_customer_ips,
    get_customers,
    get_ip_usage,
    get_ips,
    get_subuser_reputations,
    get_subusers,
)
from .resources import (
    Customer,
    CustomerArgs,
    CustomerIpAssignment,
    CustomerIpAssignmentArgs,
    Subuser,
    SubuserArgs,
    SubuserMonitor,
    SubuserMonitorArgs,
)
from .resources._base import ProviderError
from .resources._noop import Noop

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AlreadyExistsError",
    "AuthenticationError",
    "CredentialsError",
    "Customer",
    "CustomerArgs",
    "CustomerFilter",
    "CustomerIpAssignment",
    "CustomerIpAssignmentArgs",
    "CustomerProfile",
    "InvalidRequestError",
    "Noop",
    "NotFoundError",
    "PermissionDeniedError",
    "ProviderError",
    "RateLimitError",
    "SendGridClient",
    "SendGridError",
    "ServerError",
    "Subuser",
    "SubuserArgs",
    "SubuserMonitor",
    "SubuserMonitorArgs",
    "Tenant",
    "TenantArgs",
    "TenantMonitor",
    "__version__",
    "get_customer_ips",
    "get_customers",
    "get_ip_usage",
    "get_ips",
    "get_subuser_reputations",
    "get_subusers",
]
