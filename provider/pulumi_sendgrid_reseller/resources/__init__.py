"""The Pulumi resources: one module per resource."""

from .customer import Customer, CustomerArgs
from .customer_ip_assignment import CustomerIpAssignment, CustomerIpAssignmentArgs
from .subuser import Subuser, SubuserArgs
from .subuser_monitor import SubuserMonitor, SubuserMonitorArgs

__all__ = [
    "Customer",
    "CustomerArgs",
    "CustomerIpAssignment",
    "CustomerIpAssignmentArgs",
    "Subuser",
    "SubuserArgs",
    "SubuserMonitor",
    "SubuserMonitorArgs",
]
