"""The query layer against a brute-force count over the same synthetic photos."""

from __future__ import annotations

import functools
import itertools
import json
import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from photoarchive.catalogue import query
from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.names import fold_text
from photoarchive.catalogue.query import Facet, PhotoFilter, Sort
from photoarchive.catalogue.records import PhotoRecord, to_json
from photoarchive.catalogue.search import words_of
from photoarchive.catalogue.values import DatePrecision, Restriction
from tests import postgres
from tests.catalogue_factory import VOCABULARY, Synthetic, fill_catalogue
from tests.catalogue_factory import photo_rows as factory_rows

Row = dict[str, Any]
SYNTAX = ('"', "*", "AND", "(", "NEAR", "-", 'mine AND "water', "NEAR(mine water)", "-mine")
SYNTAX += ("mine*", "col:mine", "^mine", "+", "mine OR", "NOT", ")", '""', "'", "a:b", "{x}")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Catalogue, Synthetic]]:
    """The same synthetic photos in a SQLite catalogue and in a PostgreSQL one."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("query") / "catalogue.sqlite")
    else:
        server = request.getfixturevalue("postgres_server")
        url = postgres.create_database(server, f"query_{uuid.uuid4().hex[:12]}")
    catalogue = open_catalogue(url)
    with catalogue.transaction() as session:
        synthetic = fill_catalogue(session, 400, seed=7)
    yield catalogue, synthetic
    catalogue.close()


@pytest.fixture
def session(archive: tuple[Catalogue, Synthetic]) -> Iterator[Session]:
    with archive[0].session() as session:
        yield session


@pytest.fixture
def synthetic(archive: tuple[Catalogue, Synthetic]) -> Synthetic:
    return archive[1]


# ---------------------------------------------------------------- the brute force


@functools.cache
def tokens(text: str) -> tuple[str, ...]:
    """The folded words of a text: search text is stored so, and user text is searched so."""
    return tuple(words_of(text))


def ancestors(synthetic: Synthetic, place: int | None) -> list[int]:
    """The place and every place above it, by parent links (not lineages)."""
    chain = []
    while place is not None:
        chain.append(place)
        place = synthetic.places[place][0]
    return chain


def matches(synthetic: Synthetic, row: Row, f: PhotoFilter) -> bool:
    words = tokens(f.text)
    row_tokens = tokens(row["search_text"])
    checks = (
        not f.places or bool(f.places & set(ancestors(synthetic, row["place_id"]))),
        f.years is None or (row["year"] is not None and f.years[0] <= row["year"] <= f.years[1]),
        not f.programmes or row["programme_id"] in f.programmes,
        not f.photographers or row["photographer_id"] in f.photographers,
        not f.restrictions or row["restriction"] in f.restrictions,
        all(any(t.startswith(w) for t in row_tokens) for w in words),
    )
    return all(checks)


def matching(synthetic: Synthetic, f: PhotoFilter) -> list[Row]:
    return [row for row in synthetic.photos if matches(synthetic, row, f)]


def expected_facets(synthetic: Synthetic, f: PhotoFilter) -> query.FacetCounts:
    def counts(facet: Facet, key: str) -> Counter[Any]:
        return Counter(row[key] for row in matching(synthetic, f.without(facet)))

    places: Counter[int] = Counter()
    direct = counts(Facet.PLACE, "place_id")
    for place, n in direct.items():
        for ancestor in ancestors(synthetic, place):
            places[ancestor] += n
    return query.FacetCounts(
        places=query.ValueCounts(dict(places), direct[None]),
        programmes=value_counts(counts(Facet.PROGRAMME, "programme_id")),
        photographers=value_counts(counts(Facet.PHOTOGRAPHER, "photographer_id")),
        restrictions=dict(counts(Facet.RESTRICTION, "restriction")),
    )


def value_counts(counter: Counter[Any]) -> query.ValueCounts:
    return query.ValueCounts({k: n for k, n in counter.items() if k is not None}, counter[None])


def expected_histogram(synthetic: Synthetic, f: PhotoFilter) -> query.YearHistogram:
    expected = query.YearHistogram()
    undated = 0
    for row in matching(synthetic, f.without(Facet.YEAR)):
        if row["year"] is not None:
            expected.years[row["year"]] = expected.years.get(row["year"], 0) + 1
            per_programme = expected.programmes.setdefault(row["year"], {})
            per_programme[row["programme_id"]] = per_programme.get(row["programme_id"], 0) + 1
        elif row["date_precision"] is DatePrecision.DECADE:
            decade = row["date_taken"].year // 10 * 10
            expected.decade_only[decade] = expected.decade_only.get(decade, 0) + 1
        else:
            undated += 1
    return query.YearHistogram(expected.years, expected.programmes, expected.decade_only, undated)


def random_filter(rng: random.Random, synthetic: Synthetic) -> PhotoFilter:
    """A filter with each dimension constrained now and then, some with no match at all."""
    places, programmes = list(synthetic.places), list(synthetic.programmes)
    photographers = list(synthetic.photographers)
    return PhotoFilter(
        places=sample(rng, places, 0.4, 3),
        years=years(rng) if rng.random() < 0.4 else None,
        programmes=sample(rng, programmes, 0.4, 3),
        photographers=sample(rng, photographers, 0.3, 4),
        text=random_text(rng) if rng.random() < 0.4 else "",
        restrictions=sample(rng, list(Restriction), 0.3, 2),
    )


def sample(rng: random.Random, values: list[Any], chance: float, most: int) -> frozenset[Any]:
    return (
        frozenset(rng.sample(values, rng.randint(1, most)))
        if rng.random() < chance
        else frozenset()
    )


def years(rng: random.Random) -> tuple[int, int]:
    # Ends may come reversed (a drag to the left) or fall outside the archive (no match).
    return (rng.randint(1985, 2026), rng.randint(1985, 2026))


def random_text(rng: random.Random) -> str:
    """One or two caption words cut to a prefix, in any case, with or without diacritics."""
    words = []
    for word in rng.sample(VOCABULARY, rng.choice([1, 1, 2])):
        cut = word[: rng.randint(1, len(word))]
        cut = rng.choice([cut, cut.upper(), cut.lower(), fold_text(cut)])
        words.append(cut)
    if rng.random() < 0.15:
        words.append(rng.choice(SYNTAX))
    return " ".join(words)


def random_filters(synthetic: Synthetic, n: int = 200) -> Iterator[PhotoFilter]:
    rng = random.Random(2024)
    yield PhotoFilter()
    for _ in range(n):
        yield random_filter(rng, synthetic)


# ---------------------------------------------------------------- matching and counting


def test_ids_and_count_match_brute_force(session: Session, synthetic: Synthetic) -> None:
    sizes = []
    for f in random_filters(synthetic):
        expected = {row["id"] for row in matching(synthetic, f)}
        ids = query.photo_ids(session, f)
        assert set(ids) == expected, f
        assert len(ids) == len(expected) == query.count(session, f), f
        sizes.append(len(expected))
    # The random filters cover empty, small and large results.
    assert 0 in sizes
    assert max(sizes) == len(synthetic.photos)
    assert sum(1 for size in sizes if 0 < size < 40) > 20


def test_facet_counts_match_brute_force(session: Session, synthetic: Synthetic) -> None:
    for f in random_filters(synthetic, 120):
        assert query.facet_counts(session, f) == expected_facets(synthetic, f), f


def test_year_histogram_matches_brute_force(session: Session, synthetic: Synthetic) -> None:
    for f in random_filters(synthetic, 120):
        assert query.year_histogram(session, f) == expected_histogram(synthetic, f), f


def test_facets_ignore_their_own_dimension(session: Session, synthetic: Synthetic) -> None:
    programmes = sorted(synthetic.programmes)
    one = query.facet_counts(session, PhotoFilter(programmes=frozenset(programmes[:1])))
    everything = query.facet_counts(session, PhotoFilter())
    # Multi-select: the programme facet still offers every programme's full count.
    assert one.programmes == everything.programmes
    assert sum(one.restrictions.values()) < sum(everything.restrictions.values())


def test_a_place_matches_the_places_below_it(session: Session, synthetic: Synthetic) -> None:
    country = next(p for p, (parent, _, _) in synthetic.places.items() if parent is None)
    below = {p for p in synthetic.places if country in ancestors(synthetic, p)}
    expected = {row["id"] for row in synthetic.photos if row["place_id"] in below}
    assert len(below) > 10
    assert set(query.photo_ids(session, PhotoFilter(places=frozenset({country})))) == expected
    counts = query.facet_counts(session, PhotoFilter())
    assert counts.places.by_id[country] == len(expected)
    # Every country is the whole tree: every photo with a place.
    countries = frozenset(p for p, (parent, _, _) in synthetic.places.items() if parent is None)
    placed = {row["id"] for row in synthetic.photos if row["place_id"] is not None}
    assert set(query.photo_ids(session, PhotoFilter(places=countries))) == placed
    assert query.count(session, PhotoFilter(places=countries)) == len(placed)
    nowhere = PhotoFilter(places=frozenset({10**9}))
    assert query.photo_ids(session, nowhere) == []
    assert query.count(session, nowhere) == 0


def test_decade_only_and_undated_photos_fall_outside_every_year_range(
    session: Session, synthetic: Synthetic
) -> None:
    ids = set(query.photo_ids(session, PhotoFilter(years=(1000, 3000))))
    yearless = {row["id"] for row in synthetic.photos if row["year"] is None}
    assert yearless
    assert not ids & yearless
    assert len(ids) + len(yearless) == len(synthetic.photos)


# ---------------------------------------------------------------- word search


@pytest.mark.parametrize("text", SYNTAX)
def test_fts_syntax_in_the_text_is_only_words(
    session: Session, synthetic: Synthetic, text: str
) -> None:
    f = PhotoFilter(text=text)
    expected = {row["id"] for row in matching(synthetic, f)}
    assert set(query.photo_ids(session, f)) == expected
    assert query.count(session, f) == len(expected)
    assert query.facet_counts(session, f) == expected_facets(synthetic, f)
    assert query.year_histogram(session, f) == expected_histogram(synthetic, f)


def test_words_match_as_prefixes_ignoring_case_and_diacritics(
    session: Session, synthetic: Synthetic
) -> None:
    for text, word in (("agd", "Ağdam"), ("ŞƏKİ", "Şəki"), ("MINE", "mines"), ("barda", "Bərdə")):
        ids = set(query.photo_ids(session, PhotoFilter(text=text)))
        having = {row["id"] for row in synthetic.photos if word in (row["caption"] or "")}
        assert having
        assert having <= ids, text


def test_every_word_must_match(session: Session, synthetic: Synthetic) -> None:
    both = set(query.photo_ids(session, PhotoFilter(text="winter blankets")))
    winter = set(query.photo_ids(session, PhotoFilter(text="winter")))
    blankets = set(query.photo_ids(session, PhotoFilter(text="blankets")))
    assert both == winter & blankets
    assert both < winter


def test_the_portable_search_finds_the_same_photos(session: Session, synthetic: Synthetic) -> None:
    for f in itertools.islice(random_filters(synthetic), 60):
        where = query.where_clause(session, f, dialect="other")
        found = session.scalars(select(Photo.id).where(where))
        assert set(found) == {row["id"] for row in matching(synthetic, f)}, f


def photo_rows(session: Session) -> list[Row]:
    """Every photo as the catalogue holds it now: the brute force after edits."""
    columns = [Photo.id, Photo.date_taken, Photo.search_text]
    return [dict(row._mapping) for row in session.execute(select(*columns))]


def in_date_order(rows: list[Row], text: str) -> list[int]:
    words = tokens(text)
    found = [
        r
        for r in rows
        if all(any(t.startswith(w) for t in tokens(r["search_text"])) for w in words)
    ]
    return [row["id"] for row in sorted(found, key=date_key)]


def test_words_list_photos_in_date_order_through_edits(catalogue_url: str) -> None:
    """Words alone are answered from a second word index kept in date order (on SQLite): it
    follows photos added, re-dated, re-captioned and removed, and a photo id too large for
    its keys sends the question back to the ordinary path."""
    with open_catalogue(catalogue_url) as catalogue:
        with catalogue.transaction() as session:
            synthetic = fill_catalogue(session, 150, seed=11, caption_words=(2, 6))
        texts = ["mine", "wa", "ağdam family", "1997", "nothing-matches-this"]
        with catalogue.session() as session:
            for text in texts:
                assert query.photo_ids(session, PhotoFilter(text=text)) == in_date_order(
                    photo_rows(session), text
                ), text
        with catalogue.transaction() as session:
            ids = sorted(session.scalars(select(Photo.id)))
            dated = {
                ids[0]: datetime(1826, 1, 1),
                ids[1]: None,
                ids[2]: datetime(2025, 12, 31, 23, 59, 59),
            }
            for photo_id, taken in dated.items():
                session.execute(update(Photo).where(Photo.id == photo_id).values(date_taken=taken))
            session.execute(
                update(Photo).where(Photo.id == ids[3]).values(search_text="mine wa 1997")
            )
            session.execute(delete(Photo).where(Photo.id == ids[4]))
            vocabularies = (list(synthetic.places), list(synthetic.programmes))
            (added,) = factory_rows(
                random.Random(12), 1, *vocabularies, synthetic.photographers, first_id=ids[-1] + 1
            )
            session.execute(insert(Photo), [added])
        with catalogue.session() as session:
            rows = photo_rows(session)
            assert all(row["id"] != ids[4] for row in rows)
            for text in texts:
                assert query.photo_ids(session, PhotoFilter(text=text)) == in_date_order(
                    rows, text
                ), text
        with catalogue.transaction() as session:
            rng = random.Random(13)
            (huge,) = factory_rows(rng, 1, *vocabularies, synthetic.photographers, first_id=1 << 28)
            session.execute(insert(Photo), [huge | {"search_text": "mine wa 1997"}])
        with catalogue.session() as session:
            for text in texts:
                assert query.photo_ids(session, PhotoFilter(text=text)) == in_date_order(
                    photo_rows(session), text
                ), text


def test_filter_words_are_folded_letters_and_digits() -> None:
    assert PhotoFilter(text='mine* AND "water" (NEAR) -x').words == (
        *("mine", "and", "water", "near", "x"),
    )
    assert PhotoFilter(text="Ingy Sedky/ICRC").words == ("ingy", "sedky", "icrc")
    assert PhotoFilter(text="Bərdə, Bakı").words == ("barda", "baki")
    assert PhotoFilter(text='" * ( ) -').words == ()
    assert query.fts_query(['a"b']) == '"a""b"*'


# ---------------------------------------------------------------- order


def date_key(row: Row) -> tuple[Any, ...]:
    taken = row["date_taken"]
    return (taken is None, taken or datetime.min, row["id"])


def place_key(synthetic: Synthetic) -> Callable[[Row], tuple[Any, ...]]:
    def key(row: Row) -> tuple[Any, ...]:
        place = row["place_id"]
        if place is None:
            return (1, [], 0, *date_key(row))
        path = [fold_text(synthetic.places[p][1]) for p in reversed(ancestors(synthetic, place))]
        return (0, path, place, *date_key(row))

    return key


@pytest.mark.parametrize("sort", list(Sort))
def test_sort_orders(session: Session, synthetic: Synthetic, sort: Sort) -> None:
    keys: dict[Sort, Callable[[Row], Any]] = {
        Sort.DATE: date_key,
        Sort.PLACE: place_key(synthetic),
        Sort.IMPORTED: lambda row: (row["imported_at"], row["id"]),
    }
    for f in itertools.islice(random_filters(synthetic), 30):
        expected = [row["id"] for row in sorted(matching(synthetic, f), key=keys[sort])]
        assert query.photo_ids(session, f, sort) == expected, f


# ---------------------------------------------------------------- records


def test_records_come_in_the_order_asked(session: Session, synthetic: Synthetic) -> None:
    ids = [row["id"] for row in synthetic.photos]
    random.Random(3).shuffle(ids)
    asked = [*ids, 10**9, ids[0]]  # an id that is not in the catalogue, and one asked twice
    records = query.photo_records(session, asked)
    assert [record.id for record in records] == [*ids, ids[0]]
    assert query.photo_records(session, []) == []


def test_records_carry_names_paths_and_credits(session: Session, synthetic: Synthetic) -> None:
    rows = {row["id"]: row for row in synthetic.photos}
    for record in query.photo_records(session, list(rows)):
        row = rows[record.id]
        assert record.paths == tuple(
            str(Path(synthetic.root_path) / relative) for relative in synthetic.locations[row["id"]]
        )
        reachable = bool(record.paths) and Path(synthetic.root_path).is_dir()
        assert record.online is reachable
        assert record.place_path == expected_place_path(synthetic, row["place_id"])
        assert record.place == (record.place_path[-1] if record.place_path else None)
        assert record.programme == synthetic.programmes.get(row["programme_id"])
        assert record.credit_line == expected_credit(synthetic, row)
        for key in ("content_hash", "date_taken", "date_precision", "year", "caption"):
            assert getattr(record, key) == row[key]
        assert record.restriction is row["restriction"]


def expected_place_path(synthetic: Synthetic, place: int | None) -> tuple[str, ...]:
    return tuple(synthetic.places[p][1] for p in reversed(ancestors(synthetic, place)))


def expected_credit(synthetic: Synthetic, row: Row) -> str | None:
    if row["photographer_id"] is None:
        return row["creator"]
    name, organisation = synthetic.photographers[row["photographer_id"]]
    return "/".join(part for part in (name, organisation) if part)


@pytest.mark.parametrize(
    ("precision", "taken", "text"),
    [
        (DatePrecision.EXACT, datetime(2022, 3, 14, 10, 22, 5), "2022-03-14T10:22:05"),
        (DatePrecision.DAY, datetime(2022, 3, 14), "2022-03-14"),
        (DatePrecision.MONTH, datetime(2022, 3, 1), "2022-03"),
        (DatePrecision.YEAR, datetime(1997, 1, 1), "1997"),
        (DatePrecision.DECADE, datetime(1990, 1, 1), "1990"),
        (DatePrecision.UNKNOWN, None, None),
        (DatePrecision.YEAR, None, None),  # a row that disagrees with itself does not raise
    ],
)
def test_json_dates_are_as_precise_as_known(
    precision: DatePrecision, taken: datetime | None, text: str | None
) -> None:
    record = sample_record(date_taken=taken, date_precision=precision)
    data = to_json(record)
    assert data["date_taken"] == text
    assert data["date_precision"] == precision.value
    json.dumps(data)


def test_json_has_every_key_the_cli_prints() -> None:
    data = to_json(sample_record())
    required = {
        *("id", "paths", "date_taken", "date_precision", "date_circa", "make", "model"),
        *("latitude", "longitude", "orientation", "caption", "creator", "copyright", "place"),
        *("place_path", "programme", "photographer", "credit_line", "restriction", "width"),
        *("height", "format"),
    }
    assert required <= set(data)
    assert data["place_path"] == ["Azerbaijan", "Baku"]
    assert data["restriction"] == "internal"
    assert data["latitude"] is None


def sample_record(**changes: Any) -> PhotoRecord:
    values: dict[str, Any] = {
        "id": 1,
        "content_hash": "ab" * 32,
        "paths": ("/archive/a.jpg",),
        "online": False,
        "width": 4000,
        "height": 3000,
        "format": "JPEG",
        "date_taken": datetime(2022, 3, 14),
        "date_precision": DatePrecision.DAY,
        "date_circa": False,
        "date_source": None,
        "year": 2022,
        "digitised_at": None,
        "make": None,
        "model": None,
        "latitude": None,
        "longitude": None,
        "orientation": None,
        "caption": "Baku, 2022.",
        "creator": None,
        "copyright": None,
        "place_id": 2,
        "place": "Baku",
        "place_path": ("Azerbaijan", "Baku"),
        "programme_id": None,
        "programme": None,
        "photographer_id": 3,
        "photographer": "Ingy Sedky",
        "credit_line": "Ingy Sedky/ICRC",
        "restriction": Restriction.INTERNAL,
        "imported_at": datetime(2024, 1, 1),
    }
    return PhotoRecord(**(values | changes))


# ---------------------------------------------------------------- the filter value


def test_filter_value() -> None:
    f = PhotoFilter(places=frozenset({1}), years=(2024, 2021), text="mine")
    assert f.years == (2021, 2024)
    assert hash(f) == hash(PhotoFilter(places=frozenset({1}), years=(2021, 2024), text="mine"))
    assert f.without(Facet.YEAR) == PhotoFilter(places=frozenset({1}), text="mine")
    assert f.without(Facet.PLACE).places == frozenset()
    assert not f.is_empty
    assert PhotoFilter().is_empty
    assert PhotoFilter(text=' " * ').is_empty
    assert not PhotoFilter(restrictions=frozenset({Restriction.OPEN})).is_empty
