"""The Account Provisioning API (``/v3/partners``): accounts, state, offerings, SSO.

Registered by the app with :func:`register`; the calls on behalf of an account
(``on-behalf-of: account-id <id>``) on ``/v3/user/profile`` and ``/v3/user/email`` live
here too. Control routes under ``/_emulator/partners``: ``GET state`` and
``POST accounts/<id>/state`` (any state, ``suspended`` and ``banned`` included).
"""

from .backend import PartnersBackend
from .models import CATALOG
from .urls import register

__all__ = ["CATALOG", "PartnersBackend", "register"]
