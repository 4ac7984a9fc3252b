"""The Pulumi resources: one module per resource."""

from .account import Account, AccountArgs, AccountOfferingArgs, AccountProfileArgs
from .api_key import ApiKey, ApiKeyArgs
from .customer import Customer, CustomerArgs
from .customer_ip_assignment import CustomerIpAssignment, CustomerIpAssignmentArgs
from .subuser import Subuser, SubuserArgs
from .subuser_credits import SubuserCredits, SubuserCreditsArgs
from .subuser_monitor import SubuserMonitor, SubuserMonitorArgs

__all__ = [
    "Account",
    "AccountArgs",
    "AccountOfferingArgs",
    "AccountProfileArgs",
    "ApiKey",
    "ApiKeyArgs",
    "Customer",
    "CustomerArgs",
    "CustomerIpAssignment",
    "CustomerIpAssignmentArgs",
    "Subuser",
    "SubuserArgs",
    "SubuserCredits",
    "SubuserCreditsArgs",
    "SubuserMonitor",
    "SubuserMonitorArgs",
]
