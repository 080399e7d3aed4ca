"""Statistical disclosure control for published tables: which cells to hide, and why.

A table is a set of cells, each the sum of its contributors' figures (a contributor is a
company). Whoever reads the published cells knows each one's total, so they also know any
linear combination of them: the overall minus every published group is the sum of the
hidden groups, two breakdowns of the same overall subtracted from each other give the
difference of their hidden parts, and so on. The rule held here, the statistical
offices' one:

- ``threshold``: a cell with fewer than ``MIN_CONTRIBUTORS`` contributors is hidden;
- ``dominance``: a cell where one contributor holds more than ``DOMINANCE_PERCENT`` of one
  of its magnitudes (here: jobs created, headcount) is hidden;
- ``revision``: a cell published by an earlier publication of the same figures whose
  contributors differ from this one's by one or two is hidden (the difference of the two
  versions would be about those one or two);
- ``secondary``: further cells are hidden until no combination of the published cells
  gives a figure about fewer than ``MIN_CONTRIBUTORS`` contributors, or one dominated by
  a contributor, or the same combination as an earlier publication with one or two
  contributors more or less.

How the last rule is checked: each published cell is the vector over the contributors
that has 1 where the contributor is counted in the cell. What readers can compute is
the span of these vectors. Every vector of a span is a sum of its elementary vectors
(those of minimal support) whose signs agree with it, so when every elementary vector
covers at least ``MIN_CONTRIBUTORS`` contributors and none is dominated, no vector of
the span is either. Contributors counted in the same cells always carry the same
coefficient, so the work is done on these classes ("atoms", at most a few dozen for the
barometer) rather than on the contributors: the cost does not grow with their number
beyond one pass to group them.

When a combination fails, the cell hidden next is one of the published cells it is
computed from: a cell that is not a total, the one with the fewest contributors, then
the smallest key; a total (the overall) only when no other cell is left. Hiding only
grows, so the loop ends (at worst with everything hidden, when nothing can be computed).

Pure Python, no Django: the selector builds the table and reads the result.
"""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

MIN_CONTRIBUTORS = 3
DOMINANCE_PERCENT = 85

THRESHOLD = "threshold"
DOMINANCE = "dominance"
REVISION = "revision"
SECONDARY = "secondary"
REASONS = (THRESHOLD, DOMINANCE, REVISION, SECONDARY)

Contributors = Mapping[Hashable, Sequence]  # contributor -> its magnitudes (numbers)


def dominated(terms: Iterable[Sequence]) -> bool:
    """Whether one of ``terms`` (each a contributor's magnitudes) holds more than
    ``DOMINANCE_PERCENT`` of the sum of their absolute values, for any magnitude."""
    terms = [[abs(value) for value in magnitudes] for magnitudes in terms]
    return any(_above(max(column), sum(column)) for column in zip(*terms, strict=True))


def _above(largest, total) -> bool:
    """Whether ``largest`` is more than ``DOMINANCE_PERCENT`` of a positive ``total``
    (exact for whole, decimal and fractional numbers alike)."""
    return total > 0 and largest * 100 > DOMINANCE_PERCENT * total


def revised(now: Collection, before: Collection | None) -> bool:
    """Whether two versions of a cell, published with contributors ``before`` and now
    counting ``now``, differ by one or two contributors."""
    if before is None:
        return False
    return 0 < len(set(now) ^ set(before)) < MIN_CONTRIBUTORS


def protect(
    cells: Mapping[str, Contributors],
    *,
    totals: Collection[str] = (),
    earlier: Sequence[Mapping[str, Collection]] = (),
) -> dict[str, str]:
    """The cells of ``cells`` to hide, with the reason for each (one of ``REASONS``).

    ``cells`` maps a cell's key to its contributors and their magnitudes; ``totals`` are
    the keys hidden only as a last resort (a table's overall); ``earlier`` holds, for each
    earlier publication of the same table, the contributors of every cell it published."""
    table = _Table(cells, earlier)
    hidden: dict[str, str] = {}
    for key in table.keys:
        contributors = cells[key]
        if len(contributors) < MIN_CONTRIBUTORS:
            hidden[key] = THRESHOLD
        elif dominated(contributors.values()):
            hidden[key] = DOMINANCE
        elif any(revised(contributors, before.get(key)) for before in earlier):
            hidden[key] = REVISION
    while (
        weights := table.unsafe_combination(hidden) or table.unsafe_across_versions(hidden)
    ) is not None:
        used = [key for key in weights if key not in hidden]
        candidates = [key for key in used if key not in totals] or used
        hidden[min(candidates, key=lambda key: (len(cells[key]), key))] = SECONDARY
    return hidden


# --- The table as vectors over atoms ------------------------------------------------------


@dataclass
class _Atom:
    """Contributors counted in the same cells: ``cells`` now, ``before[i]`` in the i-th
    earlier publication. Their largest and summed absolute magnitudes serve dominance."""

    cells: frozenset
    before: tuple
    size: int
    largest: list
    summed: list


class _Table:
    def __init__(self, cells: Mapping[str, Contributors], earlier: Sequence[Mapping]):
        self.keys = sorted(cells)
        self.earlier = [{key: set(ids) for key, ids in before.items()} for before in earlier]
        now: dict[Hashable, set] = {}
        magnitudes: dict[Hashable, list] = {}
        for key in self.keys:
            for contributor, values in cells[key].items():
                now.setdefault(contributor, set()).add(key)
                magnitudes[contributor] = [abs(value) for value in values]
        everyone = set(now).union(*(ids for v in self.earlier for ids in v.values()))
        width = len(next(iter(magnitudes.values()), []))
        atoms: dict[tuple, _Atom] = {}
        for contributor in everyone:
            signature = (
                frozenset(now.get(contributor, ())),
                tuple(
                    frozenset(key for key, ids in version.items() if contributor in ids)
                    for version in self.earlier
                ),
            )
            values = magnitudes.get(contributor, [0] * width)
            atom = atoms.get(signature)
            if atom is None:
                atoms[signature] = _Atom(*signature, 1, list(values), list(values))
            else:
                atom.size += 1
                atom.largest = [max(a, b) for a, b in zip(atom.largest, values, strict=True)]
                atom.summed = [a + b for a, b in zip(atom.summed, values, strict=True)]
        for atom in atoms.values():  # few atoms: exact fractions from here on
            atom.largest = [Fraction(value) for value in atom.largest]
            atom.summed = [Fraction(value) for value in atom.summed]
        # The atoms split by the earlier publications serve the check across versions;
        # within this table, contributors counted in the same cells now are one column.
        self.atoms = sorted(
            atoms.values(), key=lambda a: (sorted(a.cells), [sorted(b) for b in a.before])
        )
        self.groups: dict[frozenset, list[_Atom]] = {}
        for atom in self.atoms:
            if atom.cells:
                self.groups.setdefault(atom.cells, []).append(atom)
        self.columns = sorted(self.groups, key=sorted)

    def unsafe_combination(self, hidden: Mapping[str, str]) -> dict[str, Fraction] | None:
        """The weights of the published cells in a combination that breaks the rule, or
        None when every combination of them is safe (within this table)."""
        published = [key for key in self.keys if key not in hidden]
        rows = [[Fraction(int(key in column)) for column in self.columns] for key in published]
        for vector in _elementary_vectors(rows):
            atoms = [
                (coefficient, atom)
                for coefficient, column in zip(vector, self.columns, strict=True)
                if coefficient
                for atom in self.groups[column]
            ]
            if sum(atom.size for _c, atom in atoms) < MIN_CONTRIBUTORS or _dominated(atoms):
                weights = _solve(rows, vector)
                return {key: w for key, w in zip(published, weights, strict=True) if w}
        return None

    def unsafe_across_versions(self, hidden: Mapping[str, str]) -> dict[str, Fraction] | None:
        """The weights of this table's published cells in a combination that, with the
        cells of earlier publications, gives a figure about one or two contributors that
        the earlier publications alone did not give; None when there is none."""
        if not self.earlier:
            return None
        published = [key for key in self.keys if key not in hidden]
        rows = [[Fraction(int(key in atom.cells)) for atom in self.atoms] for key in published]
        old = [
            [Fraction(int(key in atom.before[i])) for atom in self.atoms]
            for i, version in enumerate(self.earlier)
            for key in sorted(version)
        ]
        both, before = _reduced(rows + old), _reduced(old)
        small = [(i,) for i, atom in enumerate(self.atoms) if atom.size < MIN_CONTRIBUTORS]
        single = [i for i, atom in enumerate(self.atoms) if atom.size == 1]
        for within in small + list(combinations(single, 2)):
            outside = [c for c in range(len(self.atoms)) if c not in within]
            if _dimension_within(both, outside) <= _dimension_within(before, outside):
                continue
            for y in _null_space([[row[c] for row in both] for c in outside], len(both)):
                vector = [
                    sum(w * row[c] for w, row in zip(y, both, strict=True))
                    for c in range(len(self.atoms))
                ]
                if len(_reduced(before + [vector])) > len(before):
                    weights = _solve(rows + old, vector)[: len(rows)]
                    return {key: w for key, w in zip(published, weights, strict=True) if w}
        return None


def _dominated(atoms: list[tuple[Fraction, _Atom]]) -> bool:
    """Whether one contributor holds more than ``DOMINANCE_PERCENT`` of a magnitude of the
    combination that gives each atom's contributors its coefficient."""
    return any(
        _above(
            max(abs(c) * atom.largest[m] for c, atom in atoms),
            sum(abs(c) * atom.summed[m] for c, atom in atoms),
        )
        for m in range(len(atoms[0][1].summed))
    )


def _dimension_within(basis: list[list[Fraction]], outside: list[int]) -> int:
    """The dimension of the vectors of the span of ``basis`` (independent rows) that are
    0 on every column of ``outside``."""
    if not basis:
        return 0
    return len(basis) - len(_reduced([[row[c] for c in outside] for row in basis]))


# --- Linear algebra over fractions --------------------------------------------------------


def _reduced(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """The nonzero rows of the reduced row echelon form of ``rows``."""
    rows = [list(row) for row in rows]
    width = len(rows[0]) if rows else 0
    pivot_row = 0
    for column in range(width):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return rows[:pivot_row]


def _null_space(rows: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    """A basis of the vectors x (of ``width`` numbers) with every row · x = 0."""
    reduced = _reduced(rows) if rows else []
    pivots = [next(c for c, value in enumerate(row) if value) for row in reduced]
    basis = []
    for free in (c for c in range(width) if c not in pivots):
        x = [Fraction(0)] * width
        x[free] = Fraction(1)
        for row, pivot in zip(reduced, pivots, strict=True):
            x[pivot] = -row[free]
        basis.append(x)
    return basis


def _elementary_vectors(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Every vector of minimal support of the span of ``rows`` (up to scale), each once.
    With d the span's dimension, each one is found by asking d - 1 columns to be 0."""
    basis = _reduced(rows) if rows else []
    d = len(basis)
    if d == 0:
        return []
    width = len(basis[0])
    found: dict[tuple, list[Fraction]] = {}
    for zeros in combinations(range(width), d - 1):
        # The weights y with (y · basis)[z] = 0 for every z in zeros.
        equations = [[basis[i][z] for i in range(d)] for z in zeros]
        solutions = _null_space(equations, d)
        if len(solutions) != 1:
            continue
        vector = [sum(y * basis[i][c] for i, y in enumerate(solutions[0])) for c in range(width)]
        lead = next(value for value in vector if value)
        vector = [value / lead for value in vector]
        found.setdefault(tuple(vector), vector)
    return list(found.values())


def _solve(rows: list[list[Fraction]], vector: list[Fraction]) -> list[Fraction]:
    """Weights w with sum(w[i] * rows[i]) == vector (``vector`` is in the span of
    ``rows``): the free weights are 0, so the answer is the same every time."""
    # Columns of the augmented system are the rows' weights, then the vector.
    system = [[row[c] for row in rows] + [vector[c]] for c in range(len(vector))]
    reduced = _reduced(system)
    weights = [Fraction(0)] * len(rows)
    for row in reduced:
        pivot = next(c for c, value in enumerate(row) if value)
        weights[pivot] = row[-1]
    return weights
