"""The Pulumi resources: the classes a program declares, and a provider module per object."""

from ._declarations import Account as Account
from ._declarations import AccountArgs as AccountArgs
from ._declarations import AccountOfferingArgs as AccountOfferingArgs
from ._declarations import AccountProfileArgs as AccountProfileArgs
from ._declarations import ApiKey as ApiKey
from ._declarations import ApiKeyArgs as ApiKeyArgs
from ._declarations import Customer as Customer
from ._declarations import CustomerArgs as CustomerArgs
from ._declarations import CustomerIpAssignment as CustomerIpAssignment
from ._declarations import CustomerIpAssignmentArgs as CustomerIpAssignmentArgs
from ._declarations import DomainAuthentication as DomainAuthentication
from ._declarations import DomainAuthenticationArgs as DomainAuthenticationArgs
from ._declarations import DomainAuthenticationValidation as DomainAuthenticationValidation
from ._declarations import (
    DomainAuthenticationValidationArgs as DomainAuthenticationValidationArgs,
)
from ._declarations import EventWebhook as EventWebhook
from ._declarations import EventWebhookArgs as EventWebhookArgs
from ._declarations import InboundParse as InboundParse
from ._declarations import InboundParseArgs as InboundParseArgs
from ._declarations import LinkBranding as LinkBranding
from ._declarations import LinkBrandingArgs as LinkBrandingArgs
from ._declarations import LinkBrandingValidation as LinkBrandingValidation
from ._declarations import LinkBrandingValidationArgs as LinkBrandingValidationArgs
from ._declarations import OwnerArgs as OwnerArgs
from ._declarations import Subuser as Subuser
from ._declarations import SubuserArgs as SubuserArgs
from ._declarations import SubuserCredits as SubuserCredits
from ._declarations import SubuserCreditsArgs as SubuserCreditsArgs
from ._declarations import SubuserMonitor as SubuserMonitor
from ._declarations import SubuserMonitorArgs as SubuserMonitorArgs
from ._declarations import Teammate as Teammate
from ._declarations import TeammateArgs as TeammateArgs
