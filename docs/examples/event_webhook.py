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

# Delivery events of the subuser's mail, signed: the receiver verifies each post with
# the public key.
events = sg.EventWebhook(
    "shop-events",
    subuser=shop,
    url="https://hooks.shop.example.com/sendgrid/events",
    friendly_name="shop delivery events",
    delivered=True,
    bounce=True,
    dropped=True,
    spam_report=True,
    signed=True,
)

pulumi.export("webhook_id", events.webhook_id)
pulumi.export("public_key", events.public_key)
