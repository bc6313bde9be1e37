"""JSON Schema (draft 2020-12) of the documents :mod:`sroi.serde` reads and writes.

The schema is generated from the attrs classes themselves, following the rules of the one
converter: decimals are strings in plain decimal notation, dates ISO 8601 strings, enums their
values, tuples arrays, unions of classes objects tagged with ``"type"``, and no object allows
keys it does not know. Each class's docstring and each field's docstring become descriptions, so
an editor that reads the schema can explain every key.

The schema checks shape, not meaning: the limits of the model (a period's last day not before its
first, hours per week at most 168, initials that are no name ...) are checked when sroi loads the
document, and reported with their paths.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import inspect
import itertools
import re
import textwrap
import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs

from sroi import serde

__all__ = ["DATE_PATTERN", "DECIMAL_PATTERN", "SCHEMA_DIALECT", "json_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas."""
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
"""What a decimal string looks like: an optional minus, digits, an optional point and digits."""
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""What a date looks like: ``YYYY-MM-DD``."""


_ROLE = re.compile(r":[a-z:]+:`~?(?:[\w.]*\.)?([^`.]+)`")


def _first_paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring as plain text (Sphinx roles and markup removed)."""
    if not doc:
        return ""
    text = inspect.cleandoc(doc).split("\n\n", 1)[0]
    text = _ROLE.sub(r"\1", text).replace("``", "`")
    return " ".join(text.split())


def field_docs(cls: type[Any]) -> dict[str, str]:
    """The docstrings written under the fields of an attrs class (empty if the source is gone)."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not attrs.has(klass):
            continue
        try:
            source = textwrap.dedent(inspect.getsource(klass))
        except (OSError, TypeError):  # pragma: no cover - no source (zipped or frozen)
            continue
        body = ast.parse(source).body[0]
        if not isinstance(body, ast.ClassDef):  # pragma: no cover - defensive
            continue
        statements = body.body
        for statement, following in itertools.pairwise(statements):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docs[statement.target.id] = _first_paragraph(following.value.value)
    return docs


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.tags = {cls: tag for _, by_tag in serde.tagged_unions() for tag, cls in by_tag.items()}
        self.bases = {
            key: tuple(by_tag.values())
            for key, by_tag in serde.tagged_unions()
            if isinstance(key, type)
        }

    def schema(self, tp: Any) -> dict[str, Any]:
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer", "minimum": -serde.MAX_INT, "maximum": serde.MAX_INT}
        if tp is Decimal:
            return {"type": "string", "pattern": DECIMAL_PATTERN}
        if tp is dt.date:
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [member.value for member in tp]}
        if tp in self.bases:
            return {"oneOf": [self._ref(cls, self.tags[cls]) for cls in self.bases[tp]]}
        if get_origin(tp) in (Union, types.UnionType):
            return self._union(tp)
        if get_origin(tp) is tuple and len(get_args(tp)) == 2:
            return {"type": "array", "items": self.schema(get_args(tp)[0])}
        if get_origin(tp) in (dict, Mapping):
            return {"type": "object", "additionalProperties": self.schema(get_args(tp)[1])}
        if attrs.has(tp):
            return self._ref(tp, None)
        raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new type in the model

    def _union(self, tp: Any) -> dict[str, Any]:
        members = [a for a in get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return {"anyOf": [self.schema(members[0]), {"type": "null"}]}
        return {"oneOf": [self._ref(cls, self.tags[cls]) for cls in members]}

    def _ref(self, cls: type[Any], tag: str | None) -> dict[str, Any]:
        name = cls.__name__ if tag is None else f"Tagged{cls.__name__}"
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder, in case the class refers to itself
            self.defs[name] = self._object(cls, tag)
        return {"$ref": f"#/$defs/{name}"}

    def _object(self, cls: type[Any], tag: str | None) -> dict[str, Any]:
        attrs.resolve_types(cls)
        docs = field_docs(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            properties[serde.TAG] = {"const": tag, "description": "The kind of object."}
            required.append(serde.TAG)
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.schema(field.type)
            if docs.get(field.name):
                schema = {**schema, "description": docs[field.name]}
            properties[field.alias] = schema
            if field.default is attrs.NOTHING:
                required.append(field.alias)
        result: dict[str, Any] = {"type": "object"}
        description = _first_paragraph(cls.__doc__)
        if description:
            result["description"] = description
        result["properties"] = properties
        result["required"] = required
        result["additionalProperties"] = False
        return result


def json_schema(
    root: type[Any],
    *,
    title: str,
    header: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a document holding one ``root`` attrs object.

    Args:
        root: the attrs class of the document.
        title: the schema's title.
        header: extra required top-level properties (name to schema) that the document holds
            besides the fields of ``root``, such as a format version.

    Returns:
        A JSON-ready dict, with every class the document uses under ``$defs``.
    """
    builder = _Builder()
    ref = builder.schema(root)
    body = builder.defs.pop(root.__name__)
    assert ref == {"$ref": f"#/$defs/{root.__name__}"}
    extra = dict(header or {})
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "title": title}
    if "description" in body:
        schema["description"] = body["description"]
    schema["type"] = "object"
    schema["properties"] = {**extra, **body["properties"]}
    schema["required"] = [*extra, *body["required"]]
    schema["additionalProperties"] = False
    schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema
