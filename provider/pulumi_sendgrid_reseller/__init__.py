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
from .resources import Account as Account
from .resources import AccountArgs as AccountArgs
from .resources import AccountOfferingArgs as AccountOfferingArgs
from .resources import AccountProfileArgs as AccountProfileArgs
from .resources import ApiKey as ApiKey
from .resources import ApiKeyArgs as ApiKeyArgs
from .resources import Customer as Customer
from .resources import CustomerArgs as CustomerArgs
from .resources import CustomerIpAssignment as CustomerIpAssignment
from .resources import CustomerIpAssignmentArgs as CustomerIpAssignmentArgs
from .resources import DomainAuthentication as DomainAuthentication
from .resources import DomainAuthenticationArgs as DomainAuthenticationArgs
from .resources import DomainAuthenticationValidation as DomainAuthenticationValidation
from .resources import DomainAuthenticationValidationArgs as DomainAuthenticationValidationArgs
from .resources import EventWebhook as EventWebhook
from .resources import EventWebhookArgs as EventWebhookArgs
from .resources import InboundParse as InboundParse
from .resources import InboundParseArgs as InboundParseArgs
from .resources import LinkBranding as LinkBranding
from .resources import LinkBrandingArgs as LinkBrandingArgs
from .resources import LinkBrandingValidation as LinkBrandingValidation
from .resources import LinkBrandingValidationArgs as LinkBrandingValidationArgs
from .resources import OwnerArgs as OwnerArgs
from .resources import Subuser as Subuser
from .resources import SubuserArgs as SubuserArgs
from .resources import SubuserCredits as SubuserCredits
from .resources import SubuserCreditsArgs as SubuserCreditsArgs
from .resources import SubuserMonitor as SubuserMonitor
from .resources import SubuserMonitorArgs as SubuserMonitorArgs
from .resources import Teammate as Teammate
from .resources import TeammateArgs as TeammateArgs
from .resources._base import ProviderError as ProviderError
