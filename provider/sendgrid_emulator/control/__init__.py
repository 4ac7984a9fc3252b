"""The emulator's control side: the control API routes, faults, rate limits, request log.

It is for tests and demos and lives beside the SendGrid API under ``/_emulator``; the
application registers its routes (:func:`register`) and wraps itself in
:class:`WireMiddleware`.
"""

from __future__ import annotations

from .faults import ControlState
from .requestlog import DROP_KEY, FAULT_KEY, LOG_PATH_KEY, WireMiddleware
from .routes import register

__all__ = ["DROP_KEY", "FAULT_KEY", "LOG_PATH_KEY", "ControlState", "WireMiddleware", "register"]
