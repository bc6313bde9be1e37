"""The fast path of ``serde.structure``: same objects, same errors, validators still run."""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sroi
from sroi import serde
from sroi.testing import strategies as sst

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "midden-gelderland.json"


def example_data() -> dict[str, Any]:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del data["format"]
    return data


def leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``data`` (objects and arrays included), for mutating one place."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += leaf_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += leaf_paths(value, (*path, index))
    return found


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


_DATA = example_data()
PATHS = leaf_paths(_DATA)[1:]
TEXT_PATHS = [path for path in PATHS if isinstance(value_at(_DATA, path), str)]
EDGE_TEXTS = st.sampled_from(
    [
        "",
        " padded ",
        "0",
        "-4",
        "169",
        "0.001",
        "2024-02-29",
        "1899-12-31",
        "2200-01-01",
        "J. Jansen",
        "Jan Jansen",
        "123456782",
        "NL91ABNA0417164300",
        "x" * 600,
        "P1",
        "S1",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.text(max_size=12)
    | st.sampled_from(["", "-4", "2024-02-30", "1e3", "J. Jansen", "job", "P9", "123456782"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    result = copy.deepcopy(data)
    target = result
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return result


class _Refuses:
    """Stands in for the detailed converter, to show that valid data never reaches it."""

    def structure(self, data: object, cls: object) -> object:
        raise AssertionError("the detailed converter was used for valid data")


def test_valid_data_is_built_by_the_fast_converter_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = serde.structure(example_data(), sroi.Portfolio)
    monkeypatch.setattr(serde, "converter", _Refuses())
    assert serde.structure(example_data(), sroi.Portfolio) == expected


def test_invalid_data_is_reported_by_the_detailed_converter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = example_data()
    data["organisations"][0]["kvk"] = "123"
    data["contracts"][1]["events"][0]["recorded_on"] = "2024-13-01"
    with pytest.raises(sroi.ValidationError) as caught:
        serde.structure(data, sroi.Portfolio)
    assert [error.field for error in caught.value.errors] == [
        "organisations[0].kvk",
        "contracts[1].events[0].recorded_on",
    ]
    monkeypatch.setattr(serde, "converter", _Refuses())
    with pytest.raises(AssertionError, match="detailed converter"):
        serde.structure(data, sroi.Portfolio)


@pytest.mark.parametrize(
    ("path", "value", "field", "kind"),
    [
        (("initials",), "Jan Jansen", "initials", sroi.PrivacyError),
        (("birth_date",), "1850-01-01", "birth_date", sroi.InvalidValueError),
    ],
)
def test_the_model_validators_run_on_the_fast_path(
    path: tuple[str, ...], value: str, field: str, kind: type[Exception]
) -> None:
    """A candidate that breaks a rule of the model itself fails the fast path too."""
    candidate = {"initials": "J.P.", "target_group": "ww", "birth_date": "1990-05-01"}
    assert serde._fast.structure(candidate, sroi.Candidate) == serde.structure(
        candidate, sroi.Candidate
    )
    bad = replaced(candidate, path, value)
    with pytest.raises(kind):
        serde._fast.structure(bad, sroi.Candidate)
    with pytest.raises(sroi.ValidationError) as caught:
        serde.structure(bad, sroi.Candidate)
    assert [error.field for error in caught.value.errors] == [field]


@given(
    st.one_of(
        st.tuples(st.sampled_from(TEXT_PATHS), EDGE_TEXTS),
        st.tuples(st.sampled_from(PATHS), JSON_VALUES),
    )
)
def test_the_fast_path_accepts_exactly_what_the_detailed_one_accepts(
    change: tuple[tuple[Any, ...], Any],
) -> None:
    """Mutate one place of a valid document: the two converters agree on what it builds."""
    data = replaced(example_data(), *change)
    try:
        fast = serde._fast.structure(copy.deepcopy(data), sroi.Portfolio)
    except Exception:  # any failure sends structure() to the detailed converter
        fast = None
    try:
        detailed = serde.converter.structure(copy.deepcopy(data), sroi.Portfolio)
    except (cattrs.BaseValidationError, sroi.SroiError):
        detailed = None
    assert fast == detailed


def _both(data: Any, cls: Any) -> tuple[Any, Any]:
    """What the fast and the detailed converter build from ``data`` (None: refused)."""
    try:
        fast = serde._fast.structure(copy.deepcopy(data), cls)
    except Exception:  # any failure sends structure() to the detailed converter
        fast = None
    try:
        detailed = serde.converter.structure(copy.deepcopy(data), cls)
    except (cattrs.BaseValidationError, sroi.SroiError):
        detailed = None
    return fast, detailed


_ITEMS = tuple[sroi.Placement | sroi.SocialPurchase | sroi.SrProject, ...]


@st.composite
def generated_items(draw: st.DrawFn) -> tuple[Any, ...]:
    """Random contracts and items (placements, purchases, projects), built by sroi.testing."""
    rules = draw(sst.rule_sets())
    items = st.one_of(sst.placements(rules), sst.purchases(rules), sst.projects(rules))
    return tuple(draw(st.lists(items, max_size=4)))


@given(generated_items(), st.data())
def test_random_items_are_built_alike_by_both_converters(
    items: tuple[Any, ...], data: st.DataObject
) -> None:
    """Generated items round-trip through both paths; one mutated place is judged alike."""
    plain = serde.unstructure(items, _ITEMS)
    assert _both(plain, _ITEMS) == (items, items)
    paths = leaf_paths(plain)[1:]
    if paths:
        path = data.draw(st.sampled_from(paths))
        value = data.draw(JSON_VALUES | EDGE_TEXTS)
        fast, detailed = _both(replaced(plain, path, value), _ITEMS)
        assert fast == detailed


@given(st.lists(st.integers(0, len(_DATA["contracts"]) - 1), max_size=6), st.data())
def test_random_portfolios_are_built_alike_by_both_converters(
    picks: list[int], data: st.DataObject
) -> None:
    """Portfolios of the example's contracts picked at random (renumbered), perhaps mutated."""
    document = example_data()
    templates = document["contracts"]
    document["contracts"] = []
    for index, pick in enumerate(picks):
        history = copy.deepcopy(templates[pick])
        history["registration"]["contract"]["number"] += f"-{index}"
        document["contracts"].append(history)
    fast, detailed = _both(document, sroi.Portfolio)
    assert fast == detailed
    assert fast is not None
    paths = leaf_paths(document)[1:]
    path = data.draw(st.sampled_from(paths))
    value = data.draw(JSON_VALUES | EDGE_TEXTS)
    fast, detailed = _both(replaced(document, path, value), sroi.Portfolio)
    assert fast == detailed
