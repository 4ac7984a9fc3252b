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

# Links in the subuser's mail point at links.shop.example.com. The two CNAME records are
# outputs, for the team's DNS; LinkBrandingValidation waits for them.
links = sg.LinkBranding(
    "shop-links",
    domain="shop.example.com",
    subdomain="links",
    subuser=shop,
)

pulumi.export("link_id", links.link_id)
pulumi.export("dns_records", links.dns_records)
