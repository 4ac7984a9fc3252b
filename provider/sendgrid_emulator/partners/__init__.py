"""The Account Provisioning API: ``/v3/partners/accounts`` and ``/v3/partners/offerings``."""
