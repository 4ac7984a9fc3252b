"""The Pulumi resources: one module per resource."""

from .api_key import ApiKey, ApiKeyArgs
from .customer import Customer, CustomerArgs
from .customer_ip_assignment import CustomerIpAssignment, CustomerIpAssignmentArgs
from .subuser import Subuser, SubuserArgs
from .subuser_credits import SubuserCredits, SubuserCreditsArgs
from .subuser_monitor import SubuserMonitor, SubuserMonitorArgs

__all__ = [
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
