"""The ``isolate`` filter: a value typed by a user is printed inside running text in
``<bdi>``, so that right-to-left script or a direction control (U+202E, the right-to-left
override) in it cannot reorder the rest of the sentence."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.safestring import SafeData, mark_safe

from core.templatetags.bidi import isolate
from signatories.models import Company
from tests.factories import CompanyFactory
from tests.signatories.test_application_services import SIREN, make_application

SPOOFED = "Alpha \u202eContact SAS"


def test_the_filter_escapes_the_value_once():
    shown = isolate('<script>"Tom & Jerry"</script>')
    assert shown == "<bdi>&lt;script&gt;&quot;Tom &amp; Jerry&quot;&lt;/script&gt;</bdi>"
    assert isinstance(shown, SafeData)


def test_the_filter_does_not_escape_safe_html_again():
    assert isolate(mark_safe("<em>A &amp; B</em>")) == "<bdi><em>A &amp; B</em></bdi>"


@pytest.mark.parametrize("empty", [None, ""])
def test_the_filter_gives_nothing_for_nothing(empty):
    assert isolate(empty) == ""


def test_the_filter_keeps_the_override_inside_the_bdi():
    assert isolate(SPOOFED) == f"<bdi>{SPOOFED}</bdi>"


def test_in_a_template_the_value_is_escaped_once_and_the_default_still_applies():
    template = Template('{% load bidi %}{{ name|isolate }}|{{ nobody|isolate|default:"—" }}')
    assert template.render(Context({"name": "A&B", "nobody": None})) == "<bdi>A&amp;B</bdi>|—"


def test_blocktranslate_does_not_escape_the_isolated_value_again():
    template = Template(
        "{% load i18n bidi %}"
        "{% blocktranslate with name=name|isolate %}Report of {{ name }}{% endblocktranslate %}"
    )
    assert template.render(Context({"name": "A<B"})) == "Report of <bdi>A&lt;B</bdi>"


@pytest.fixture
def spoofing_company(db):
    return CompanyFactory(legal_name=SPOOFED, siren=SIREN, status=Company.Status.WITHDRAWN)


def test_a_committee_page_isolates_the_company_name_in_its_sentence(
    client, committee_member, spoofing_company
):
    application = make_application()
    client.force_login(committee_member)
    page = client.get(reverse("signatories:application_detail", args=[application.pk]))
    assert page.status_code == 200
    message = re.search(r'<p class="message"[^>]*>(.*?)</p>', page.content.decode(), re.S).group(1)
    # The company withdrew: the page names it, with a link to its former record.
    assert re.search(rf"charte\s*:\s*<a href=\"[^\"]+\"><bdi>{SPOOFED}</bdi></a>\.", message)


def test_the_committee_follow_up_isolates_the_name_before_the_siren(
    client, committee_member, spoofing_company
):
    client.force_login(committee_member)
    page = client.get(reverse("followup:company_follow_up", args=[spoofing_company.pk]))
    assert page.status_code == 200
    assert f'<h1><bdi>{SPOOFED}</bdi> <span class="eyebrow">' in page.content.decode()


def test_a_company_page_isolates_its_name_in_its_heading(client, contributor_a, company_a):
    company_a.legal_name = SPOOFED
    company_a.save()
    client.force_login(contributor_a)
    page = client.get(reverse("results:company_score", args=[company_a.pk])).content.decode()
    assert f"<h1><bdi>{SPOOFED}</bdi> dans le palmarès</h1>" in page
    # The <title> holds text only: there the direction controls are taken out.
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == "Alpha Contact SAS dans le palmarès · Suivi de la charte"


def test_a_flash_message_isolates_the_name_it_holds(client, contributor_a, company_a):
    client.force_login(contributor_a)
    response = client.post(
        reverse("followup:site_create", args=[company_a.pk]),
        {"name": SPOOFED, "city": "Lyon", "country": "FR", "seats": "10", "headcount": "12"},
        follow=True,
    )
    message = re.search(r'<p class="message message--success">(.*?)</p>', response.content.decode())
    assert message.group(1) == f"Le site «\u00a0<bdi>{SPOOFED}</bdi>\u00a0» est enregistré."


def test_isolated_messages_escape_the_message_and_the_values():
    from core.bidi import isolated, without_direction_controls

    message = isolated("<b>%(name)s</b> & co", name="<i>A</i>")
    assert message == "&lt;b&gt;<bdi>&lt;i&gt;A&lt;/i&gt;</bdi>&lt;/b&gt; &amp; co"
    assert without_direction_controls("a\u202eb\u2066c\u2069d\u202ae") == "abcde"
    assert without_direction_controls("مركز") == "مركز"  # letters keep their direction


def test_a_chart_label_loses_its_direction_controls():
    from core.charts import horizontal_bars

    chart = horizontal_bars(title="t", rows=[("Alpha \u202eContact", [10])], series=["s"])
    assert chart.bars[0].label == "Alpha Contact"
