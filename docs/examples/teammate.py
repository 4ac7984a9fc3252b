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

# An invitation to the subuser's account; `status` is `pending` until it is accepted.
designer = sg.Teammate(
    "shop-designer",
    subuser=shop,
    email="designer@shop.example.com",
    scopes=["templates.read", "templates.update", "stats.read"],
)

pulumi.export("status", designer.status)
