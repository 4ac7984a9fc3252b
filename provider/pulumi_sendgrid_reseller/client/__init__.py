"""Typed HTTP client of the SendGrid reseller (v2) and subuser (v3) APIs.

It knows SendGrid and nothing else: models in and out (:mod:`pydantic`), one transport
with one retry policy and one pacing of requests, one exception hierarchy. It is given its
inputs (:class:`Credentials`, :class:`Timeouts`); where they come from is the caller's
business (:mod:`pulumi_sendgrid_reseller.config` reads them from a Pulumi stack).
"""

from ._accounts import Account as Account
from ._accounts import AccountCreate as AccountCreate
from ._accounts import AccountOffering as AccountOffering
from ._accounts import AccountProfile as AccountProfile
from ._accounts import AccountsAPI as AccountsAPI
from ._accounts import AccountsPage as AccountsPage
from ._accounts import CatalogEntry as CatalogEntry
from ._accounts import Entitlements as Entitlements
from ._accounts import Offering as Offering
from ._accounts import UserProfile as UserProfile
from ._accounts import UserProfileUpdate as UserProfileUpdate
from ._api_keys import ApiKeysAPI as ApiKeysAPI
from ._client import SendGridClient as SendGridClient
from ._customers import CustomersAPI as CustomersAPI
from ._errors import AlreadyExistsError as AlreadyExistsError
from ._errors import APIConnectionError as APIConnectionError
from ._errors import APIStatusError as APIStatusError
from ._errors import APITimeoutError as APITimeoutError
from ._errors import AuthenticationError as AuthenticationError
from ._errors import CredentialsError as CredentialsError
from ._errors import ErrorDetail as ErrorDetail
from ._errors import InvalidRequestError as InvalidRequestError
from ._errors import NotFoundError as NotFoundError
from ._errors import PermissionDeniedError as PermissionDeniedError
from ._errors import RateLimitError as RateLimitError
from ._errors import ResponseValidationError as ResponseValidationError
from ._errors import SendGridError as SendGridError
from ._errors import ServerError as ServerError
from ._fields import PASSWORD_MAX as PASSWORD_MAX
from ._fields import PASSWORD_MIN as PASSWORD_MIN
from ._fields import AnyEmail as AnyEmail
from ._fields import Email as Email
from ._fields import IpAddress as IpAddress
from ._fields import LongEmail as LongEmail
from ._fields import NewUsername as NewUsername
from ._fields import Password as Password
from ._fields import Str50 as Str50
from ._fields import Str100 as Str100
from ._fields import Str255 as Str255
from ._fields import Username as Username
from ._ips import IpListKind as IpListKind
from ._ips import IpsAPI as IpsAPI
from ._models import ApiKey as ApiKey
from ._models import ApiKeyCreate as ApiKeyCreate
from ._models import ApiKeyCreated as ApiKeyCreated
from ._models import CreditsUpdate as CreditsUpdate
from ._models import Customer as Customer
from ._models import CustomerCreate as CustomerCreate
from ._models import CustomerFilter as CustomerFilter
from ._models import IpUsage as IpUsage
from ._models import MonitorSettings as MonitorSettings
from ._models import ProfileUpdate as ProfileUpdate
from ._models import Reputation as Reputation
from ._models import SendIps as SendIps
from ._models import Subuser as Subuser
from ._models import SubuserCreate as SubuserCreate
from ._models import SubuserCreated as SubuserCreated
from ._models import SubuserCredits as SubuserCredits
from ._models import UserUsername as UserUsername
from ._models import V2Message as V2Message
from ._pacing import RateBudgets as RateBudgets
from ._retry import RetryPolicy as RetryPolicy
from ._subusers import SubusersAPI as SubusersAPI
from ._user import UserAPI as UserAPI
from ._whitelabel import AuthenticatedDomain as AuthenticatedDomain
from ._whitelabel import BrandedLink as BrandedLink
from ._whitelabel import DnsRecord as DnsRecord
from ._whitelabel import DomainCreate as DomainCreate
from ._whitelabel import DomainsAPI as DomainsAPI
from ._whitelabel import DomainUpdate as DomainUpdate
from ._whitelabel import LinkCreate as LinkCreate
from ._whitelabel import LinksAPI as LinksAPI
from ._whitelabel import LinkUpdate as LinkUpdate
from ._whitelabel import RecordValidation as RecordValidation
from ._whitelabel import Validation as Validation
from .credentials import DEFAULT_API_URL as DEFAULT_API_URL
from .credentials import Credentials as Credentials
from .credentials import Timeouts as Timeouts
