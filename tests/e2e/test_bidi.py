"""Text typed by a company that holds the right-to-left override (U+202E) stays inside its
own element (static/css/site.css isolates inline elements): the text after it on the
page keeps its order."""

from tests.e2e.pages import e2e, log_in

pytestmark = e2e

# The x of the first and of the last character of the first text node of an element.
ENDS = """(selector) => {
  const node = document.querySelector(selector).firstChild;
  const range = document.createRange();
  const x = (i) => { range.setStart(node, i); range.setEnd(node, i + 1);
                     return range.getBoundingClientRect().x; };
  return [x(0), x(node.data.length - 1)];
}"""


def test_an_override_in_a_company_name_does_not_reverse_the_siren_after_it(data, page):
    from tests.factories import CompanyFactory, MembershipFactory

    spoofing = CompanyFactory(legal_name="Alpha \u202eContact SAS")
    MembershipFactory(company=spoofing, user=data.contributor)  # two companies: a list
    log_in(page, data.url, data.contributor.email)
    page.goto(f"{data.url}/espace/")
    item = f'li:has(a[href="/espace/entreprises/{spoofing.pk}/"])'
    first, last = page.evaluate(ENDS, f"{item} span.muted")
    assert first < last  # the SIREN reads left to right, not reversed by the name
