"""The shipped JSON Schema is the generated one, and every document sroi writes satisfies it.

``jsonschema`` is not a dependency of sroi; the documents are checked against the schema by the
small validator below, which implements the keywords the generator uses (draft 2020-12 meaning).
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

import pytest
from hypothesis import given
from tests.test_portfolio import example_portfolio, portfolios

import sroi
from sroi.schema import SCHEMA_DIALECT

USED_KEYWORDS = {
    "$schema", "title", "description", "type", "properties", "required",
    "additionalProperties", "items", "enum", "const", "pattern", "format",
    "minimum", "maximum", "anyOf", "oneOf", "$ref", "$defs",
}  # fmt: skip
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def violations(
    value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$"
) -> list[str]:
    """Where ``value`` breaks ``schema`` (an empty list when it conforms)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return violations(value, root["$defs"][name], root, path)
    found: list[str] = []
    if "type" in schema:
        kind = TYPES[schema["type"]]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return [f"{path}: not {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: not in enum")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{path}: does not match {schema['pattern']}")
    if "minimum" in schema and value < schema["minimum"]:
        found.append(f"{path}: below minimum")
    if "maximum" in schema and value > schema["maximum"]:
        found.append(f"{path}: above maximum")
    if "anyOf" in schema and all(violations(value, s, root, path) for s in schema["anyOf"]):
        found.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not violations(value, s, root, path)]
        if len(matching) != 1:
            found.append(f"{path}: matches {len(matching)} of oneOf")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"{path}: lacks {key}" for key in schema.get("required", []) if key not in value]
        for key, item in value.items():
            if key in properties:
                found += violations(item, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{path}: unexpected {key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += violations(item, schema["items"], root, f"{path}[{index}]")
    return found


def keywords(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*(keywords(item) for item in schema))
    if not isinstance(schema, dict):
        return set()
    found = set(schema) - {"properties", "$defs"}
    for key, value in schema.items():
        if key in ("properties", "$defs"):
            for inner in value.values():
                found |= keywords(inner)
        elif isinstance(value, (dict, list)):
            found |= keywords(value)
    return found | ({"properties"} if "properties" in schema else set())


SHIPPED = json.loads(files("sroi").joinpath("schemas/portfolio.schema.json").read_text("utf-8"))


def test_the_shipped_schema_is_the_generated_one() -> None:
    # Regenerate after a model change:
    #   python -c "import json, sroi; print(json.dumps(sroi.portfolio_json_schema(),
    #              indent=2, ensure_ascii=False))" > src/sroi/schemas/portfolio.schema.json
    assert sroi.portfolio_json_schema() == SHIPPED


def test_the_schema_is_draft_2020_12_and_uses_only_keywords_the_checker_knows() -> None:
    assert SHIPPED["$schema"] == SCHEMA_DIALECT
    assert keywords(SHIPPED) <= USED_KEYWORDS


def test_the_schema_requires_the_format_and_forbids_unknown_keys() -> None:
    assert SHIPPED["properties"]["format"] == {
        "const": "sroi.portfolio/1",
        "description": "The document format and version.",
    }
    assert violations({"format": "sroi.portfolio/1", "extra": 1}, SHIPPED, SHIPPED) == [
        "$: unexpected extra"
    ]


def test_every_event_kind_is_a_tagged_branch_of_the_events() -> None:
    events = SHIPPED["$defs"]["ContractHistory"]["properties"]["events"]["items"]["oneOf"]
    tags = {
        SHIPPED["$defs"][b["$ref"].split("/")[-1]]["properties"]["type"]["const"] for b in events
    }
    assert "propose-placement" in tags
    assert len(tags) == len(events) == len(sroi.serde.event_classes())


def test_the_example_portfolio_conforms_to_the_schema() -> None:
    document = json.loads(sroi.dump_portfolio(example_portfolio()))
    assert violations(document, SHIPPED, SHIPPED) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["contracts"][0]["registration"]["contract"].update(value_excl_vat=5.5),
            "matches none of anyOf",
        ),
        (lambda d: d["contracts"][0]["events"][0].update(type="agree"), "matches 0 of oneOf"),
        (lambda d: d["organisations"][0].update(kvk=None, extra=1), "unexpected extra"),
        (lambda d: d["contracts"][0]["registration"].update(recorded_on="1-1-2024"), "match"),
    ],
)
def test_the_checker_catches_what_the_schema_forbids(mutate: Any, expected: str) -> None:
    document = json.loads(sroi.dump_portfolio(example_portfolio()))
    mutate(document)
    assert any(expected in line for line in violations(document, SHIPPED, SHIPPED))


@given(portfolios())
def test_every_written_portfolio_conforms_to_the_schema(portfolio: sroi.Portfolio) -> None:
    document = json.loads(sroi.dump_portfolio(portfolio))
    assert violations(document, SHIPPED, SHIPPED) == []
