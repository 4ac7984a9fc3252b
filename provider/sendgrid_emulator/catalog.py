"""The Account Provisioning offerings catalog: packages and add-ons, with entitlements.

``org.ei.free.v1`` and its entitlements are the document's example; the others follow
SendGrid's naming (``org.ei.<plan>.v1`` packages, ``org.<feature>.v1`` add-ons).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

OfferingType = Literal["package", "addon"]
#: The entitlements an offering grants, each a field of :class:`CatalogEntry`.
ENTITLEMENTS = ("email_sends_max_monthly", "ip_count", "teammates_max_total", "users_max_total")


@dataclass(frozen=True)
class CatalogEntry:
    """One offering of the catalog and what an account receives with it."""

    name: str
    type: OfferingType
    email_sends_max_monthly: int
    ip_count: int
    teammates_max_total: int
    users_max_total: int

    def body(self) -> dict[str, Any]:
        """Return the ``GET /v3/partners/offerings`` catalog entry."""
        return {
            "offering": {"name": self.name, "type": self.type, "quantity": 1},
            "entitlements": {name: getattr(self, name) for name in ENTITLEMENTS},
        }


CATALOG: tuple[CatalogEntry, ...] = (
    CatalogEntry("org.ei.free.v1", "package", 10_000, 0, 0, 0),
    CatalogEntry("org.ei.essentials.v1", "package", 100_000, 0, 1, 0),
    CatalogEntry("org.ei.pro.v1", "package", 1_500_000, 1, 1000, 15),
    CatalogEntry("org.ei.premier.v1", "package", 10_000_000, 2, 1000, 250),
    CatalogEntry("org.dedicated_ip.v1", "addon", 0, 1, 0, 0),
    CatalogEntry("org.mc.basic.v1", "addon", 0, 0, 0, 0),
    CatalogEntry("org.ease.v1", "addon", 0, 0, 0, 0),
)

CATALOG_BY_NAME: dict[str, CatalogEntry] = {entry.name: entry for entry in CATALOG}
