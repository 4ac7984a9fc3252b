import pulumi

import pulumi_sendgrid_reseller as sg

umbrella = sg.Account(
    "umbrella",
    offerings=[
        sg.AccountOfferingArgs(name="org.ei.pro.v1", type="package"),
        sg.AccountOfferingArgs(name="org.dedicated_ip.v1", type="addon", quantity=2),
    ],
    profile=sg.AccountProfileArgs(
        first_name="Alice",
        last_name="Abernathy",
        company_name="Umbrella Corp",
        company_website="https://umbrella.example.com",
        email="admin@umbrella.example.com",
        phone="+14155550123",
        timezone="America/Los_Angeles",
    ),
)

pulumi.export("account_id", umbrella.account_id)
pulumi.export("state", umbrella.state)
