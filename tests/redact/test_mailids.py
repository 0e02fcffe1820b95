"""A mail's own ids are no mailboxes (``replay.redact.mailids``): in its headers, folded or not, and in JSON fields
named for them."""

from __future__ import annotations

from replay.redact import Redactor


def test_a_mails_own_ids_are_not_mailboxes(r: Redactor) -> None:
    mail = (
        "From: Ana Lima <ana.lima@gmail.com>\r\nMessage-ID: <CAF=3Dx8k2@mail.gmail.com>\r\n"
        "In-Reply-To: <20240601123456.12345@mail.example.com>\r\n"
        "References: <a1b2c3@mx.example.org>\r\n <d4e5@mx.example.org>\r\n"
        "Reply-To: bob@corp.example.com\r\n\r\nMessage-ID: <x@y.example.com>\nann@example.org wrote"
    )
    out, found = r.text(mail)
    for kept in ("CAF=3Dx8k2@mail.gmail.com", "12345@mail.example.com", "a1b2c3@mx.example.org", "d4e5@mx.example.org"):
        assert kept in out, out
    assert "ana.lima@" not in out and "bob@" not in out and "ann@" not in out and found["email"] == 3, out
    body = (
        '{"message_id": "<0100018f@email.amazonses.com>", "messageId": "20240601.abc@smtp.example.com", '
        '"to": "a@b.org"}'
    )
    out, found = r.text(body)
    assert "0100018f@email.amazonses.com" in out and "abc@smtp.example.com" in out and found["email"] == 1, out
