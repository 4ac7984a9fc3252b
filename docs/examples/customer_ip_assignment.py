import pulumi

import pulumi_sendgrid_reseller as sg

config = pulumi.Config()

globex = sg.Customer(
    "globex",
    username="globex-mail",
    password=config.require_secret("globexPassword"),
    email="it@globex.example.net",
    first_name="Hank",
    last_name="Scorpio",
    address="2 Volcano Road",
    city="Cypress Creek",
    state="OR",
    zip="97001",
    country="US",
    phone="555-0101",
    website="globex.example.net",
)

# The customer sends from two of the parent account's IPs (see get_ips for the inventory).
ips = sg.CustomerIpAssignment(
    "globex-ips", customer=globex.username, ips=["192.0.2.12", "192.0.2.13"]
)

pulumi.export("assigned_ips", ips.assigned_ips)
