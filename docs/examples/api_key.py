import pulumi

import pulumi_sendgrid_reseller as sg

config = pulumi.Config()

news = sg.Subuser(
    "news",
    username="acme-newsletters",
    email="newsletters@acme.example.com",
    password=config.require_secret("newsPassword"),
    ips=["198.51.100.10"],
)

# A key of the subuser (made on its behalf) that may send mail and read statistics.
key = sg.ApiKey(
    "news-app",
    subuser=news,
    name="newsletter-app",
    scopes=["mail.send", "stats.read"],
)

pulumi.export("api_key_id", key.api_key_id)
pulumi.export("api_key", key.api_key)  # a secret output
