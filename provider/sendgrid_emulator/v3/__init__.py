"""The SendGrid v3 subuser API."""
