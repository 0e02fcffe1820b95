"""Vendor keys by their public formats, as the secret scanners (gitleaks, GitHub secret scanning)
publish them: a literal prefix to find them by, and the full pattern to check."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["AWS_SECRET", "AZURE_KEY_LEN", "TELEGRAM", "TWILIO", "VENDORS", "Vendor"]


@dataclass(frozen=True, slots=True)
class Vendor:
    kind: str
    starts: tuple[str, ...]
    rx: re.Pattern[str]  # group "p" is the prefix the pseudonym keeps


def _v(kind: str, starts: Iterable[str], pattern: str) -> Vendor:
    return Vendor(kind, tuple(starts), re.compile(pattern + r"(?![A-Za-z0-9])"))


VENDORS = (
    _v(
        "aws_access_key",
        ("AKIA", "ASIA", "ABIA", "ACCA", "AROA", "AIDA"),
        r"(?P<p>AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[A-Z0-9]{16}",
    ),
    _v("github_token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), r"(?P<p>gh[pousr]_)[A-Za-z0-9]{36,251}"),
    _v("github_token", ("github_pat_",), r"(?P<p>github_pat_)[A-Za-z0-9_]{22,244}"),
    _v("gitlab_token", ("glpat-", "gldt-", "glptt-", "glrt-"), r"(?P<p>glpat-|gldt-|glptt-|glrt-)[A-Za-z0-9_\-]{20,}"),
    _v(
        "slack_token",
        ("xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"),
        r"(?P<p>xox[bpares]-)[A-Za-z0-9\-]{10,}",
    ),
    _v("slack_webhook", ("hooks.slack.com/services/",), r"(?P<p>hooks\.slack\.com/services/)T[A-Za-z0-9_/]{20,}"),
    # a slash command's or an interaction's response_url: whoever holds it answers in the user's channel for 30 min
    _v(
        "slack_webhook",
        ("hooks.slack.com/commands/", "hooks.slack.com/actions/"),
        r"(?P<p>hooks\.slack\.com/(?:commands|actions)/)[A-Za-z0-9]+/\d+/[A-Za-z0-9]{16,}",
    ),
    # other chat and automation webhooks: whoever holds the URL posts as the integration
    _v(
        "discord_webhook",
        ("discord.com/api/webhooks/", "discordapp.com/api/webhooks/"),
        r"(?P<p>discord(?:app)?\.com/api/webhooks/)\d{17,20}/[A-Za-z0-9_\-]{60,80}",
    ),
    _v(
        "teams_webhook",
        ("webhook.office.com/webhookb2/",),
        r"(?P<p>webhook\.office\.com/webhookb2/)[A-Za-z0-9@/\-]{40,}",
    ),
    _v(
        "zapier_webhook",
        ("hooks.zapier.com/hooks/catch/",),
        r"(?P<p>hooks\.zapier\.com/hooks/catch/)\d+/[A-Za-z0-9]{5,}",
    ),
    _v(
        "stripe_key",
        ("sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_", "whsec_"),
        r"(?P<p>(?:sk|rk|pk)_(?:live|test)_|whsec_)[A-Za-z0-9]{16,}",
    ),
    _v("anthropic_key", ("sk-ant-",), r"(?P<p>sk-ant-(?:api|admin|oat)\d\d-)[A-Za-z0-9_\-]{20,}"),
    _v("openai_key", ("sk-",), r"(?P<p>sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?)[A-Za-z0-9_\-]{20,}"),
    _v("google_api_key", ("AIza",), r"(?P<p>AIza)[0-9A-Za-z_\-]{35}"),
    _v("sendgrid_key", ("SG.",), r"(?P<p>SG\.)[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{16,64}"),
    _v("npm_token", ("npm_",), r"(?P<p>npm_)[A-Za-z0-9]{36}"),
    _v("pypi_token", ("pypi-AgEIcHlwaS5vcmc",), r"(?P<p>pypi-)AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"),
    # 34 characters exactly: "hf_requiredCharacteristicTypesForDisplayMetadata" is an Objective-C selector
    _v("huggingface_token", ("hf_",), r"(?P<p>hf_)[A-Za-z0-9]{34}"),
    _v("huggingface_token", ("api_org_",), r"(?P<p>api_org_)[A-Za-z]{34}"),
    _v("shopify_token", ("shpat_", "shpss_", "shpca_", "shppa_"), r"(?P<p>shp(?:at|ss|ca|pa)_)[a-fA-F0-9]{32}"),
    # gitleaks's rules (cmd/generate/config/rules, commit b58d3f1) for the vendors of tests/data/redact/gitleaks_dev
    _v("digitalocean_token", ("dop_v1_", "doo_v1_", "dor_v1_"), r"(?P<p>do[opr]_v1_)[a-f0-9]{64}"),
    _v(
        "flutterwave_key",
        ("FLWPUBK", "FLWSECK"),
        r"(?P<p>FLW(?:PUBK|SECK)(?:_TEST)?-)[A-Za-z0-9]{12}(?:[A-Za-z0-9]{20}-X)?",
    ),
    # an Ethereum node provider's key in its RPC URL's path ("https://mainnet.infura.io/v3/<project id>"): whoever
    # holds it spends the project's quota
    _v("infura_key", ("infura.io/v3/",), r"(?P<p>infura\.io/v3/)[0-9a-f]{32}"),
    _v("alchemy_key", ("alchemy.com/v2/",), r"(?P<p>alchemy\.com/v2/)[A-Za-z0-9_\-]{32}"),
    _v("planetscale_token", ("pscale_",), r"(?P<p>pscale_(?:pw|tkn|oauth)_)[A-Za-z0-9_=.\-]{32,64}"),
    _v("settlemint_token", ("sm_pat_", "sm_aat_", "sm_sat_"), r"(?P<p>sm_(?:pat|aat|sat)_)[A-Za-z0-9]{16}"),
    _v("sonar_token", ("squ_", "sqp_", "sqa_"), r"(?P<p>sq[upa]_)[A-Za-z0-9]{40}"),
    _v(
        "authress_key",
        ("sc_", "ext_", "scauth_", "authress_"),
        r"(?P<p>(?:sc|ext|scauth|authress)_)[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_\-][a-z0-9\-]{10,32}\.[A-Za-z0-9+/_=\-]{30,120}",
    ),
    # those with one prefix each: (kind, prefix, the rest)
    *(
        _v(kind, (prefix,), f"(?P<p>{re.escape(prefix)})" + rest)
        for kind, prefix, rest in (
            ("adobe_secret", "p8e-", r"[A-Za-z0-9]{32}"),
            ("airtable_token", "pat", r"[A-Za-z0-9]{14}\.[a-f0-9]{64}"),
            ("alibaba_key", "LTAI", r"[A-Za-z0-9]{20}"),
            ("artifactory_key", "AKCp", r"[A-Za-z0-9]{69}"),
            ("artifactory_key", "cmVmd", r"[A-Za-z0-9]{59}"),
            ("clickhouse_key", "4b1d", r"[A-Za-z0-9]{38}"),
            ("clojars_token", "CLOJARS_", r"[A-Za-z0-9]{60}"),
            ("doppler_token", "dp.pt.", r"[A-Za-z0-9]{43}"),
            ("dynatrace_token", "dt0c01.", r"[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}"),
            # a Grafana Cloud token is base64 of JSON: a digit in it tells it from a C name ("glc_createLightmap…")
            ("grafana_token", "glc_", r"(?=[A-Za-z+/]*[0-9])[A-Za-z0-9+/]{32,400}={0,2}"),
            ("grafana_token", "glsa_", r"[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"),
            ("grafana_token", "eyJrIjoi", r"[A-Za-z0-9]{70,400}={0,2}"),
            ("heroku_key", "HRKU-AA", r"[A-Za-z0-9_\-]{58}"),
            ("infracost_token", "ico-", r"[A-Za-z0-9]{32}(?!\.[A-Za-z0-9])"),  # not "favicon.ico-<hash>.png"
            ("mapbox_token", "pk.", r"[A-Za-z0-9]{60}\.[A-Za-z0-9]{22}"),
            ("octopus_key", "API-", r"[A-Z0-9]{26}"),
            ("postman_key", "PMAK-", r"[a-fA-F0-9]{24}-[a-fA-F0-9]{34}"),
            ("rubygems_token", "rubygems_", r"[a-f0-9]{48}"),
            ("scalingo_token", "tk-us-", r"[A-Za-z0-9_\-]{48}"),
            ("sendinblue_key", "xkeysib-", r"[a-f0-9]{64}-[A-Za-z0-9]{16}"),
            ("sentry_token", "sntryu_", r"[a-f0-9]{64}"),
            ("sentry_token", "sntrys_", r"eyJ[A-Za-z0-9+/=_]{50,}"),
            ("vault_token", "hvs.", r"[A-Za-z0-9_\-]{90,120}"),
            ("vault_token", "hvb.", r"[A-Za-z0-9_\-]{138,300}"),
            ("yandex_key", "t1.", r"[A-Za-z0-9_\-]+={0,2}\.[A-Za-z0-9_\-]{86}={0,2}"),
            ("yandex_key", "AQVN", r"[A-Za-z0-9_\-]{35,38}"),
            ("yandex_key", "YC", r"[A-Za-z0-9_\-]{38}"),
            ("gocardless_token", "live_", r"[A-Za-z0-9_\-=]{40}"),
            # an Expo app's push token: whoever holds it sends to that phone (the "]" kept by the pseudonym's shape)
            ("expo_push_token", "ExponentPushToken[", r"[A-Za-z0-9_\-]{16,64}(?=\])"),
            ("expo_push_token", "ExpoPushToken[", r"[A-Za-z0-9_\-]{16,64}(?=\])"),
        )
    ),
)
# Telegram bot tokens: the bot's id, a colon, "AA" and 33 more characters (also after "bot" in API URLs).
TELEGRAM = re.compile(r"(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}(?![A-Za-z0-9_\-])")
# An Azure storage account key: 64 random bytes in base64.
AZURE_KEY_LEN = 88
TWILIO = re.compile(r"(?<![A-Za-z0-9])(SK|AC)[0-9a-f]{32}(?![A-Za-z0-9])")
AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
