"""The SendGrid v2 API (reseller and customer calls, JSON and XML)."""
