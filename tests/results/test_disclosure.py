"""The rule that hides groups of a published table (``results.disclosure``), checked
against an attacker who knows linear algebra: whatever the companies, no combination of
the published groups gives a figure about fewer than 3 companies, or one where a company
holds more than 85% of the jobs created or of the headcount.

The checker here is written apart from the module: it works on the companies themselves
(not on classes of them), tries every combination of hidden groups with weights -1, 0
and 1, and every set of one or two companies."""

from fractions import Fraction
from itertools import combinations, product
from math import lcm

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from results.disclosure import DOMINANCE, REVISION, SECONDARY, THRESHOLD, protect

KINDS = ("client", "in_house", "outsourcer")
FEDERATIONS = ("afrc", "none", "sp2c")


def table(companies: dict) -> dict:
    """The barometer's groups: overall, by kind, by federation; each company's magnitudes
    are its jobs created and its headcount."""
    cells = {"all": {}}
    cells |= {f"kind:{kind}": {} for kind in KINDS}
    cells |= {f"federation:{federation}": {} for federation in FEDERATIONS}
    for name, (kind, federation, jobs, headcount) in companies.items():
        for cell in ("all", f"kind:{kind}", f"federation:{federation}"):
            cells[cell][name] = (jobs, headcount)
    return cells


# --- The checker: a tiny Gaussian elimination over fractions -------------------------------


def echelon(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Independent rows spanning the same space, each with its own leading column."""
    basis: list[list[Fraction]] = []
    for row in rows:
        row = reduce_by(row, basis)
        if any(row):
            basis.append(row)
    return basis


def reduce_by(row: list[Fraction], basis: list[list[Fraction]]) -> list[Fraction]:
    row = list(row)
    for base in basis:
        lead = next(i for i, value in enumerate(base) if value)
        if row[lead]:
            factor = row[lead] / base[lead]
            row = [a - factor * b for a, b in zip(row, base, strict=True)]
    return row


def in_span(row: list[Fraction], basis: list[list[Fraction]]) -> bool:
    return not any(reduce_by(row, basis))


def vectors(cells: dict, keys, companies: list) -> list[list[Fraction]]:
    return [[Fraction(int(c in cells[key])) for c in companies] for key in keys]


def dominated(combination: list[Fraction], magnitudes: list[tuple]) -> bool:
    for m in range(2):
        terms = [abs(w * values[m]) for w, values in zip(combination, magnitudes, strict=True)]
        if sum(terms) and max(terms) > Fraction(85, 100) * sum(terms):
            return True
    return False


def leaks(cells: dict, hidden: set) -> list[str]:
    """Every way the published groups give a figure about fewer than 3 companies or
    dominated by one: as the text of a failed assertion, empty when there is none."""
    companies = sorted(cells["all"], key=str)
    magnitudes = [cells["all"][c] for c in companies]
    published = echelon(vectors(cells, [k for k in cells if k not in hidden], companies))
    found = []
    hidden_keys = sorted(hidden)
    rows = [[int(c in cells[key]) for c in companies] for key in hidden_keys]
    # What is left of a combination once reduced by the published groups is zero when the
    # published groups give it (in_span). The reduction is linear, so what is left of each
    # hidden group is computed once, scaled to whole numbers, and combined with the weights.
    left = [reduce_by([Fraction(x) for x in row], published) for row in rows]
    scale = lcm(1, *(x.denominator for row in left for x in row))
    left = [[int(x * scale) for x in row] for row in left]
    columns = range(len(companies))
    for weights in product((-1, 0, 1), repeat=len(hidden_keys)):
        if any(sum(w * row[i] for w, row in zip(weights, left, strict=True)) for i in columns):
            continue  # not given by the published groups
        combination = [
            sum(w * row[i] for w, row in zip(weights, rows, strict=True)) for i in columns
        ]
        if not any(combination):
            continue
        support = [c for c, w in zip(companies, combination, strict=True) if w]
        if len(support) < 3:
            found.append(f"{dict(zip(hidden_keys, weights, strict=True))} is about {support}")
        elif dominated(combination, magnitudes):
            found.append(f"{dict(zip(hidden_keys, weights, strict=True))} is dominated")
    # Any figure about one or two companies, whatever the groups it comes from.
    for few in [(i,) for i in columns] + list(combinations(columns, 2)):
        outside = [[row[i] for i in columns if i not in few] for row in published]
        if len(echelon(outside)) < len(published):
            found.append(f"companies {[companies[i] for i in few]} can be computed")
    return found


# --- Random breakdowns --------------------------------------------------------------------

a_company = st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from(FEDERATIONS),
    st.integers(0, 200),  # jobs created
    st.integers(0, 2000),  # headcount
)
a_huge_company = st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from(FEDERATIONS),
    st.integers(5000, 50000),
    st.integers(20000, 200000),
)
some_companies = st.lists(st.one_of(a_company, a_company, a_company, a_huge_company), max_size=14)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(some_companies)
def test_no_hidden_group_can_be_computed_from_the_published_ones(companies):
    cells = table(dict(enumerate(companies)))

    hidden = protect(cells, totals={"all"})

    assert leaks(cells, set(hidden)) == []
    for key, contributors in cells.items():
        if len(contributors) < 3:
            assert hidden[key] == THRESHOLD


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(some_companies, st.lists(a_company, min_size=1, max_size=2), st.data())
def test_a_new_version_never_reveals_the_companies_it_adds_or_drops(companies, added, data):
    before = table(dict(enumerate(companies)))
    shown_before = {
        key: sorted(ids)
        for key, ids in before.items()
        if key not in protect(before, totals={"all"})
    }
    now_companies = dict(enumerate(companies))
    dropped = data.draw(st.lists(st.sampled_from(sorted(now_companies) or [None]), max_size=1))
    for name in dropped:
        now_companies.pop(name, None)
    for n, company in enumerate(added):
        now_companies[f"new{n}"] = company
    now = table(now_companies)

    hidden = protect(now, totals={"all"}, earlier=[shown_before])

    assert leaks(now, set(hidden)) == []
    # With both versions published, nothing about one or two companies that the earlier
    # version alone did not already give.
    everyone = sorted(set(now["all"]) | set(before["all"]), key=str)
    old = echelon(vectors(shown_before, sorted(shown_before), everyone))
    shown_now = [key for key in now if key not in hidden]
    both = echelon(old + vectors(now, shown_now, everyone))
    columns = range(len(everyone))
    for few in [(i,) for i in columns] + list(combinations(columns, 2)):

        def dimension_within(basis, few=few):
            outside = [[row[i] for i in columns if i not in few] for row in basis]
            return len(basis) - len(echelon(outside))

        assert dimension_within(both) <= dimension_within(old), [everyone[i] for i in few]


# --- Examples -----------------------------------------------------------------------------


def companies_of(groups: dict) -> dict:
    """``groups``: (kind, federation) -> number of companies with 10 jobs and 100 staff."""
    companies, n = {}, 0
    for (kind, federation), count in groups.items():
        for _ in range(count):
            companies[f"c{n}"] = (kind, federation, 10, 100)
            n += 1
    return companies


def test_the_reported_leak_total_minus_the_other_federations():
    # AFRC 2 companies, SP2C 5, none 4: total - SP2C - none gave AFRC.
    cells = table(
        companies_of({("client", "afrc"): 2, ("outsourcer", "sp2c"): 5, ("in_house", "none"): 4})
    )
    assert leaks(cells, {"federation:afrc", "kind:client"}) != []  # the old rule

    hidden = protect(cells, totals={"all"})

    assert hidden["federation:afrc"] == THRESHOLD
    assert hidden["federation:none"] == SECONDARY  # the smallest other federation
    assert "federation:sp2c" not in hidden and "all" not in hidden
    assert leaks(cells, set(hidden)) == []


def test_a_company_holding_most_of_a_group_hides_it():
    companies = companies_of({("outsourcer", "sp2c"): 4, ("client", "afrc"): 4})
    companies["big"] = ("client", "afrc", 1000, 100)  # 1,000 of the 1,040 jobs of client

    hidden = protect(table(companies), totals={"all"})

    assert hidden["kind:client"] == DOMINANCE
    assert hidden["federation:afrc"] == DOMINANCE
    assert hidden["all"] == DOMINANCE  # 1,000 of 1,080: the overall too


def test_a_group_whose_companies_changed_by_one_since_the_last_version_is_hidden():
    companies = companies_of(
        {("outsourcer", "sp2c"): 5, ("client", "afrc"): 5, ("in_house", "none"): 5}
    )
    before = table(companies)
    shown = {key: sorted(ids) for key, ids in before.items()}
    companies["late"] = ("client", "afrc", 7, 70)  # validated after the first version

    hidden = protect(table(companies), totals={"all"}, earlier=[shown])

    assert hidden == {"all": REVISION, "kind:client": REVISION, "federation:afrc": REVISION}


def test_a_group_published_again_with_the_same_companies_is_shown():
    companies = companies_of({("outsourcer", "sp2c"): 5, ("client", "afrc"): 5})
    before = table(companies)
    shown = {key: sorted(ids) for key, ids in before.items() if ids}

    assert protect(table(companies), totals={"all"}, earlier=[shown]) == protect(
        before, totals={"all"}
    )
