from typing import Any

import pulumi

import pulumi_sendgrid_reseller as sg
from localdns.record import Record

config = pulumi.Config()

shop = sg.Subuser(
    "shop",
    username="shop-mail",
    email="ops@shop.example.com",
    password=config.require_secret("shopPassword"),
    ips=["192.0.2.10"],
)
domain = sg.DomainAuthentication(
    "shop-domain",
    domain="shop.example.com",
    subdomain="em",
    subuser=shop,
)


def dns_record(key: str) -> Record:
    """The domain's record `key` in the team's DNS.

    Record is the local DNS server's (LOCALDNS_API_URL), which the emulator validates
    against; a team's program uses pulumi_aws.route53.Record or pulumi_cloudflare.DnsRecord
    the same way (see docs/sender-authentication.md).
    """
    record: pulumi.Output[dict[str, Any]] = domain.dns_records.apply(lambda r: r[key])
    return Record(
        f"shop-{key}",
        zone="shop.example.com",
        name=record.apply(lambda r: r["host"]),
        type=record.apply(lambda r: r["type"].upper()),
        value=record.apply(lambda r: r["data"]),
    )


records = [dns_record(key) for key in ("mail_cname", "dkim1", "dkim2")]

# Waits (up to timeout_seconds) until SendGrid finds every record; fails naming those it
# does not find.
validation = sg.DomainAuthenticationValidation(
    "shop-domain-valid",
    domain_authentication=domain,
    timeout_seconds=300,
    opts=pulumi.ResourceOptions(depends_on=records),
)

pulumi.export("valid", validation.valid)
pulumi.export("validation_results", validation.validation_results)
