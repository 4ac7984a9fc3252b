"""Pulumi resources for SendGrid reseller accounts.

Resources: :class:`Account`, :class:`Customer`, :class:`CustomerIpAssignment`, :class:`Subuser`,
:class:`SubuserMonitor`, :class:`SubuserCredits`, :class:`ApiKey`,
:class:`DomainAuthentication`, :class:`LinkBranding` and their validations
(:class:`DomainAuthenticationValidation`, :class:`LinkBrandingValidation`), and the
:class:`Tenant` component.
Lookups: :func:`get_ips`, :func:`get_ip_usage`,
:func:`get_customer_ips`, :func:`get_customers`, :func:`get_subusers`,
:func:`get_subuser_reputations`, :func:`get_offerings`, :func:`get_accounts`,
:func:`get_domain_authentications`, :func:`get_link_brandings`.
:class:`SubuserMonitor`, :class:`SubuserCredits`, :class:`ApiKey`, :class:`EventWebhook`,
:class:`InboundParse`, :class:`Teammate`, and the :class:`Tenant` component.
Lookups: :func:`get_ips`, :func:`get_ip_usage`,
:func:`get_customer_ips`, :func:`get_customers`, :func:`get_subusers`,
:func:`get_subuser_reputations`, :func:`get_offerings`, :func:`get_accounts`,
:func:`get_event_webhooks`, :func:`get_teammates`.
Errors: :class:`SendGridError` and its subclasses,
:class:`ProviderError`.
"""

from ._version import __version__ as __version__
from .client import AlreadyExistsError as AlreadyExistsError
from .client import APIConnectionError as APIConnectionError
from .client import APIStatusError as APIStatusError
from .client import APITimeoutError as APITimeoutError
from .client import AuthenticationError as AuthenticationError
from .client import CredentialsError as CredentialsError
from .client import CustomerFilter as CustomerFilter
from .client import InvalidRequestError as InvalidRequestError
from .client import NotFoundError as NotFoundError
from .client import PermissionDeniedError as PermissionDeniedError
from .client import RateLimitError as RateLimitError
from .client import SendGridClient as SendGridClient
from .client import SendGridError as SendGridError
from .client import ServerError as ServerError
from .components import CustomerProfile as CustomerProfile
from .components import Tenant as Tenant
from .components import TenantArgs as TenantArgs
from .components import TenantDnsRecord as TenantDnsRecord
from .components import TenantDomain as TenantDomain
from .components import TenantMonitor as TenantMonitor
from .functions import get_accounts as get_accounts
from .functions import get_accounts_output as get_accounts_output
from .functions import get_customer_ips as get_customer_ips
from .functions import get_customer_ips_output as get_customer_ips_output
from .functions import get_customers as get_customers
from .functions import get_customers_output as get_customers_output
from .functions import get_domain_authentications as get_domain_authentications
from .functions import get_domain_authentications_output as get_domain_authentications_output
from .functions import get_event_webhooks as get_event_webhooks
from .functions import get_event_webhooks_output as get_event_webhooks_output
from .functions import get_ip_usage as get_ip_usage
from .functions import get_ip_usage_output as get_ip_usage_output
from .functions import get_ips as get_ips
from .functions import get_ips_output as get_ips_output
from .functions import get_link_brandings as get_link_brandings
from .functions import get_link_brandings_output as get_link_brandings_output
from .functions import get_offerings as get_offerings
from .functions import get_offerings_output as get_offerings_output
from .functions import get_subuser_reputations as get_subuser_reputations
from .functions import get_subuser_reputations_output as get_subuser_reputations_output
from .functions import get_subusers as get_subusers
from .functions import get_subusers_output as get_subusers_output
from .functions import get_teammates as get_teammates
from .functions import get_teammates_output as get_teammates_output
from .resources import *  # noqa: F403  (every resource and its XArgs)
from .resources._base import ProviderError as ProviderError
