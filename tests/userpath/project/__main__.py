"""A team's own Pulumi program (README's): a customer with two IPs, a subuser with a monitor
and an API key."""

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
sg.CustomerIpAssignment("acme-ips", customer=acme.username, ips=["192.0.2.10", "192.0.2.11"])

news = sg.Subuser(
    "news",
    username="acme-newsletters",
    email="newsletters@acme.example.com",
    password=config.require_secret("newsPassword"),
    ips=["198.51.100.10"],
)
sg.SubuserMonitor(
    "news-monitor", subuser=news.username, email="compliance@acme.example.com", frequency=50
)

key = sg.ApiKey("news-app", subuser=news, name="newsletter-app", scopes=["mail.send"])

pulumi.export("acme_user_id", acme.user_id)
pulumi.export("news_api_key", key.api_key)  # a secret output
pulumi.export("news_user_id", news.user_id)
