import pulumi

import pulumi_sendgrid_reseller as sg

config = pulumi.Config()

receipts = sg.Subuser(
    "receipts",
    username="acme-receipts",
    email="receipts@acme.example.com",
    password=config.require_secret("receiptsPassword"),
    ips=["198.51.100.11"],
)

# Compliance gets a copy of one message in every 500 the subuser sends.
monitor = sg.SubuserMonitor(
    "receipts-monitor",
    subuser=receipts.username,
    email="compliance@acme.example.com",
    frequency=500,
)

pulumi.export("monitor_email", monitor.email)
pulumi.export("monitor_frequency", monitor.frequency)
