"""The demo stack."""

import pulumi

from pulumi_sendgrid_reseller import Noop

marker = Noop("demo-marker", value="hello from the demo")
pulumi.export("marker", marker.value)
