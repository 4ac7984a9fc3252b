import pulumi

import pulumi_sendgrid_reseller as sg

config = pulumi.Config()

shop = sg.Subuser(
    "shop",
    username="shop-mail",
    email="ops@shop.example.com",
    password=config.require_secret("shopPassword"),
    ips=["192.0.2.10"],
)

# Mail to any address at parse.shop.example.com is posted, parsed, to the URL.
parse = sg.InboundParse(
    "shop-parse",
    subuser=shop,
    hostname="parse.shop.example.com",
    url="https://inbound.shop.example.com/parse",
    spam_check=True,
)

# The MX record the team publishes for the host (type, host, data).
pulumi.export("mx_record", parse.mx_record)
