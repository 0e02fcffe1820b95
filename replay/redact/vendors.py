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
    _v("huggingface_token", ("hf_",), r"(?P<p>hf_)[A-Za-z0-9]{30,}"),
    _v("shopify_token", ("shpat_", "shpss_", "shpca_", "shppa_"), r"(?P<p>shp(?:at|ss|ca|pa)_)[a-fA-F0-9]{32}"),
)
# Telegram bot tokens: the bot's id, a colon, "AA" and 33 more characters (also after "bot" in API URLs).
TELEGRAM = re.compile(r"(?<![0-9])[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}(?![A-Za-z0-9_\-])")
# An Azure storage account key: 64 random bytes in base64.
AZURE_KEY_LEN = 88
TWILIO = re.compile(r"(?<![A-Za-z0-9])(SK|AC)[0-9a-f]{32}(?![A-Za-z0-9])")
AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
