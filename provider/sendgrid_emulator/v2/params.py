"""Parameters of a v2 call: the query string and the form body, read strictly."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Request

from ..errors import FieldError, FieldValidationError, UnsupportedMediaTypeError

CREDENTIALS = ("api_user", "api_key")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: Parameters appended to the logged path, in this order.
LOGGED_PARAMS = ("method", "task", "list")


class V2Params:
    """All parameters of one call, repeated names kept in order."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.pairs = list(pairs)
        self._values: dict[str, list[str]] = {}
        for name, value in self.pairs:
            self._values.setdefault(name, []).append(value)

    @classmethod
    def from_request(cls, request: Request) -> V2Params:
        """Read the query string and, for a POST, the form body."""
        pairs = list(request.args.items(multi=True))
        if request.method == "POST":
            has_body = bool(request.content_length) or request.headers.get(
                "Transfer-Encoding", ""
            ).lower().startswith("chunked")
            if has_body and request.mimetype not in FORM_TYPES:
                raise UnsupportedMediaTypeError(
                    request.mimetype, "application/x-www-form-urlencoded"
                )
            pairs.extend(request.form.items(multi=True))
        return cls(pairs)

    def names(self) -> set[str]:
        """Every parameter name given."""
        return set(self._values)

    def credentials(self) -> tuple[str | None, str | None]:
        """``api_user`` and ``api_key`` (``None`` when missing or repeated)."""
        user = self._values.get("api_user", [])
        key = self._values.get("api_key", [])
        return (user[0] if len(user) == 1 else None, key[0] if len(key) == 1 else None)

    def allow(self, names: Iterable[str], context: str) -> None:
        """Refuse every parameter that the call does not document."""
        allowed = set(names) | set(CREDENTIALS)
        unknown = sorted(self.names() - allowed)
        if unknown:
            raise FieldValidationError(
                [FieldError(n, f"{n} is not a valid parameter for {context}") for n in unknown]
            )

    def one(self, name: str) -> str | None:
        """Return a parameter given at most once (``None`` when missing)."""
        values = self._values.get(name)
        if not values:
            return None
        if len(values) > 1:
            raise FieldValidationError.single(name, f"{name} must be given only once")
        return values[0]

    def many(self, name: str) -> list[str]:
        """Every value of a repeatable parameter such as ``ip[]``."""
        return list(self._values.get(name, []))

    def choice(self, name: str, choices: tuple[str, ...]) -> str:
        """Return a required parameter with a closed set of values."""
        value = self.one(name)
        if value is None or value == "":
            raise FieldValidationError.single(name, f"{name} is required")
        if value not in choices:
            raise FieldValidationError.single(name, f"{name} must be one of: {', '.join(choices)}")
        return value

    def non_negative_int(self, name: str) -> int | None:
        """Return an optional whole number of zero or more."""
        value = self.one(name)
        if value is None or value == "":
            return None
        if not value.isascii() or not value.isdigit():
            raise FieldValidationError.single(name, f"{name} must be a whole number of 0 or more")
        return int(value)

    def log_suffix(self) -> str:
        """``?method=..&task=..`` for the request log (never credentials)."""
        parts = []
        for name in LOGGED_PARAMS:
            values = self._values.get(name)
            if values:
                parts.append(f"{name}={values[0]}")
        return "?" + "&".join(parts) if parts else ""
