"""Every kind of page is valid HTML for the Nu HTML checker (tests/htmlcheck.py): each URL
of the site that answers GET (the permission table, permissions.py), read by the role that may
read it, and each form
of the site sent back with wrong values (a date that does not exist, a word for a number,
required fields left empty), so that the pages showing errors are checked too. The Django
admin's pages are Django's own markup and are not checked here."""

from html.parser import HTMLParser

import pytest

from tests.htmlcheck import html_errors, require_vnu

from .permissions import ACTOR, TABLE
from .resolver import path

pytestmark = pytest.mark.django_db

WRONG = {"date": "2024-02-31", "number": "beaucoup", "email": "pas-une-adresse"}


class _Fields(HTMLParser):
    """The names of a page's form fields, each with the wrong value for its type."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag not in ("input", "select", "textarea") or not name:
            return
        kind = attrs.get("type", "text")
        if name == "csrfmiddlewaretoken" or kind in ("hidden", "submit", "file", "checkbox"):
            return
        self.data[name] = WRONG.get(kind, "")


def wrong_values(html: str) -> dict[str, str]:
    fields = _Fields()
    fields.feed(html)
    return fields.data


def is_html(response) -> bool:
    return response["Content-Type"].startswith("text/html")


def test_every_kind_of_page_is_valid_html(world, clients):
    require_vnu()
    documents = {}
    for name, row in TABLE.items():
        client = clients[ACTOR[row.scope][0]]
        where = path(name, row, world)
        page = client.get(where) if row.get is not None else None
        if page is not None and page.status_code == 200 and is_html(page):
            documents[f"GET {where}"] = page.content.decode()
            if row.post is not None:
                refused = client.post(where, wrong_values(page.content.decode()))
                if refused.status_code in (200, 400, 409) and is_html(refused):
                    documents[f"POST {where}"] = refused.content.decode()
    assert sum(name.startswith("GET") for name in documents) > 40
    assert sum(name.startswith("POST") for name in documents) > 10

    errors = html_errors(documents)

    assert not errors, "\n".join(f"{name}: {messages}" for name, messages in errors.items())
