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

# The subuser's own sending domain. Its DNS records (a return-path CNAME and two DKIM
# CNAMEs) are outputs, for the team's DNS; DomainAuthenticationValidation waits for them.
domain = sg.DomainAuthentication(
    "shop-domain",
    domain="shop.example.com",
    subdomain="em",
    subuser=shop,
)

pulumi.export("domain_id", domain.domain_id)
pulumi.export("dns_records", domain.dns_records)
