"""The Account Provisioning API (``/v3/partners``): accounts, state, offerings, SSO.

Registered by the app with :func:`register`; the calls on behalf of an account
(``on-behalf-of: account-id <id>``) on ``/v3/user/profile`` and ``/v3/user/email`` live
here too. Control: ``PUT /_emulator/accounts/<id>/state`` puts an account in any state
(``suspended`` and ``banned`` included); the state dump lists the accounts
(:meth:`PartnersBackend.state`).
"""

from .backend import PartnersBackend
from .models import CATALOG
from .urls import register

__all__ = ["CATALOG", "PartnersBackend", "register"]
