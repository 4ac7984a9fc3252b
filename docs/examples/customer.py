import pulumi

import pulumi_sendgrid_reseller as sg

config = pulumi.Config()

acme = sg.Customer(
    "acme",
    username="acme-mail",
    password=config.require_secret("acmePassword"),
    email="postmaster@acme.example.com",
    first_name="Ada",
    last_name="Byron",
    address="1 Example Way",
    city="Springfield",
    state="CA",
    zip="90210",
    country="US",
    phone="555-0100",
    website="acme.example.com",
    company="Acme Corp",
)

pulumi.export("username", acme.username)
pulumi.export("user_id", acme.user_id)
pulumi.export("active", acme.active)
