"""Pulumi resources for SendGrid reseller accounts."""

from pulumi_sendgrid_reseller.resources._noop import Noop

__all__ = ["Noop"]
