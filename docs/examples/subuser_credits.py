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

# 10,000 messages a month, reset on the first of each month.
credits = sg.SubuserCredits(
    "news-credits",
    subuser=news,
    type="recurring",
    total=10000,
    reset_frequency="monthly",
)

pulumi.export("credits_remain", credits.remain)
pulumi.export("credits_used", credits.used)
