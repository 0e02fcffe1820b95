"""SigV4 (``replay.util.sigv4``) against botocore's own signer: the same request at the same time signs the same."""

from __future__ import annotations

import calendar

import pytest

from replay.util.sigv4 import SigV4, signer_from_env

KEY_ID, SECRET = "AKIAQ3EGTVW4JHX7ZPLM", "kX9vQ2mZ7rT4wY1nB8cF5hJ3dL6pS0gA2eU9iO7q"
STAMP = "20261206T031500Z"


def _botocore(method: str, url: str, body: bytes, token: str | None, service: str, region: str) -> dict[str, str]:
    """botocore's headers for the request, its clock set to ``STAMP`` (its ``add_auth`` step by step). Imported
    here: botocore's signer costs every xdist worker ~0.35 CPU-s at collection."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method=method, url=url, data=body)
    auth = SigV4Auth(Credentials(KEY_ID, SECRET, token), service, region)
    request.context["timestamp"] = STAMP
    auth._modify_request_before_signing(request)
    auth._inject_signature_to_request(
        request, auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
    )
    return {k.lower(): v for k, v in request.headers.items()}


@pytest.mark.parametrize(
    ("url", "body", "token", "service", "region"),
    [
        ("https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse",
         b'{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}', "IQoJb3JpZ2luX2VjEJr//////////wEaCXVz",
         "bedrock", "us-east-1"),
        ("http://127.0.0.1:8080/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A1%3Ainference-profile%2Feu.x/invoke",
         b"", None, "bedrock", "eu-west-1"),
        ("https://staging.example.com/a/./b/../c//d/?z=1&a=2&a=1&e=", b"x" * 70_000, None, "execute-api",
         "ap-southeast-2"),
    ],
    ids=["converse, session token", "arn, local port, no body", "dot segments and a query"],
)  # fmt: skip
def test_a_request_signs_as_botocore_signs_it(
    url: str, body: bytes, token: str | None, service: str, region: str
) -> None:
    expected = _botocore("POST", url, body, token, service, region)
    scheme_less = url.split("://", 1)[1]
    host, _, rest = scheme_less.partition("/")
    now = calendar.timegm((2026, 12, 6, 3, 15, 0))
    ours = dict(SigV4(service, region, KEY_ID, SECRET, token or "").headers("POST", host, "/" + rest, body, now))
    assert ours["Authorization"] == expected["authorization"] and ours["X-Amz-Date"] == expected["x-amz-date"] == STAMP
    assert ours.get("X-Amz-Security-Token") == expected.get("x-amz-security-token")


def test_the_signer_named_in_target_sign_takes_its_credentials_from_the_environment() -> None:
    env = {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": "tok"}
    assert signer_from_env("aws:bedrock:us-east-1", env) == SigV4("bedrock", "us-east-1", KEY_ID, SECRET, "tok")
    assert signer_from_env("", env) is None
    with pytest.raises(KeyError, match="AWS_SECRET_ACCESS_KEY"):
        signer_from_env("aws:bedrock:eu-central-1", {"AWS_ACCESS_KEY_ID": KEY_ID})
