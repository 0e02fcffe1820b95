"""A person's name inside an upload's file name: a multipart part's, a JSON field's, a download's header."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.redact import Redactor

B = "----WebKitFormBoundary7MA4YWxkTrZu0gW"


def _multipart(r: Redactor, filename: str) -> str:
    text = (
        f'--{B}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--{B}--\r\n"
    )
    req = Request(
        "POST", "https://jobs.example/apply", [("content-type", f"multipart/form-data; boundary={B}")],
        Body(text, "utf8", len(text)),
    )  # fmt: skip
    body = r.redact(Exchange("e1", req, Timings(0.0))).request.body
    assert body is not None
    return body.text


@pytest.mark.parametrize(
    ("filename", "gone"),
    [
        ("CV_Leopold_Vanderstraeten_2024.pdf", ("Leopold", "Vanderstraeten")),
        ("passport_Oksana_Hrytsenko.jpg", ("Oksana", "Hrytsenko")),
        ("wilhelmina-okafor-headshot.png", ("wilhelmina", "okafor")),
        ("contrat_de_travail_Gaetan_Lemoine.pdf", ("Gaetan", "Lemoine")),
    ],
)
def test_a_name_in_a_part_s_file_name_goes_and_the_rest_stays(
    r: Redactor, filename: str, gone: tuple[str, ...]
) -> None:
    out = _multipart(r, filename)
    head = out.split("\r\n\r\n")[0]
    assert all(g not in out for g in gone), head
    left = filename.replace(gone[0], "").replace(gone[1], "")
    assert 'filename="' in head and head.count("_") + head.count("-") >= left.count("_") + left.count("-"), head
    assert filename.rsplit(".", 1)[1] in head and filename.split(gone[0])[0] in head and "%PDF-1.7" in out


@pytest.mark.parametrize("filename", ["damage_rear.jpg", "IMG_4471.HEIC", "Annual_Report_2024.pdf", "grace-period.txt"])
def test_a_file_name_of_ordinary_words_stays(r: Redactor, filename: str) -> None:
    assert f'filename="{filename}"' in _multipart(r, filename)


def test_a_json_file_name_and_a_download_s_header(r: Redactor) -> None:
    files = {"fileName": "CV_Leopold_Vanderstraeten_2024.pdf", "file_name": "damage_rear.jpg"}
    text = json.dumps({**files, "name": "Oksana_Hrytsenko.png"})  # a Drive file's "name"
    req = Request("POST", "https://api.example/files", [("content-type", "application/json")], Body(text, "utf8", 99))
    resp = Response(200, [("content-disposition", 'attachment; filename="passport_Oksana_Hrytsenko.jpg"')], None)
    ex = r.redact(Exchange("e1", req, Timings(0.0), resp))
    assert ex.request.body is not None and ex.response is not None
    out = ex.request.body.text + str(ex.response.headers)
    assert "Leopold" not in out and "Oksana" not in out and "damage_rear.jpg" in out and "CV_" in out, out
    assert ".png" in out and "Hrytsenko" not in out
