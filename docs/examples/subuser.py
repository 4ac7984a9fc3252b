import pulumi

import pulumi_sendgrid_reseller as sg

config = pulumi.Config()

news = sg.Subuser(
    "news",
    username="acme-newsletters",
    email="newsletters@acme.example.com",
    password=config.require_secret("newsPassword"),
    ips=["198.51.100.10"],
    website_access=False,
)

pulumi.export("username", news.username)
pulumi.export("user_id", news.user_id)
