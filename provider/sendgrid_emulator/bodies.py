"""JSON response bodies, written once for every API of the emulator."""

from __future__ import annotations

import json
from typing import Any

from flask import Response


def json_response(body: Any, status: int = 200) -> Response:
    """Render a JSON document."""
    return Response(json.dumps(body), status=status, content_type="application/json")


def no_content() -> Response:
    """HTTP 204 with no body."""
    return Response(status=204)
