"""The directory's open data: one field list, typed rows, CSV and JSON, and schemas.

`FIELDS` is the single description of a row: the JSON download, the CSV download,
the JSON Schema and the Frictionless Table Schema are all made from it, so they
cannot drift apart. JSON carries proper types (numbers, booleans, ISO 8601 dates,
lists as arrays, null when there is no value); the CSV carries the same rows, with a
list written as its items joined by "; " and no value as an empty cell.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Organisation, Recommendation, SupportOffer

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer, number, boolean, date, array, uri
    description: str
    nullable: bool = False
    enum: tuple[str, ...] = ()


def _fields() -> list[Field]:
    return [
        Field("slug", "string", "The recommendation's identifier in its URL."),
        Field("url", "uri", "The recommendation's page."),
        Field("title", "string", "What is recommended."),
        Field(
            "level",
            "string",
            "Who is recommended.",
            enum=tuple(Recommendation.Level.values),
        ),
        Field("organisation", "string", "The organisation that recommends."),
        Field(
            "organisation_kind",
            "string",
            "The kind of organisation.",
            enum=tuple(Organisation.Kind.values),
        ),
        Field("school_urn", "integer", "The school's Unique Reference Number (GIAS)."),
        Field("school_name", "string", "The school's name."),
        Field("local_authority", "string", "The school's local authority.", True),
        Field("phase", "string", "The school's phase of education (GIAS).", True),
        Field("latitude", "number", "The school's latitude (WGS84).", True),
        Field("longitude", "number", "The school's longitude (WGS84).", True),
        Field("subject", "string", "The department's subject.", True),
        Field(
            "practitioner", "string", "The teacher recommended (with consent).", True
        ),
        Field("summary", "string", "What they did, in short."),
        Field("evidence_url", "uri", "Where the evidence is published.", True),
        Field("recommended_on", "date", "When it was recommended."),
        Field("review_on", "date", "When it is next reviewed.", True),
        Field("published_on", "date", "When it was published.", True),
        Field(
            "support_kinds",
            "array",
            "Kinds of support offered now.",
            enum=tuple(SupportOffer.Kind.values),
        ),
        Field("free_support", "boolean", "At least one offer is free."),
    ]


FIELDS = _fields()
FIELD_NAMES = [f.name for f in FIELDS]


def _json_type(field: Field) -> dict:
    if field.type == "array":
        items = {"type": "string"}
        if field.enum:
            items["enum"] = list(field.enum)
        return {"type": "array", "items": items, "uniqueItems": True}
    base = {
        "string": {"type": "string"},
        "uri": {"type": "string", "format": "uri"},
        "date": {
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
        },
        "integer": {"type": "integer"},
        "number": {"type": "number"},
        "boolean": {"type": "boolean"},
    }[field.type]
    if field.enum:
        base = {**base, "enum": list(field.enum)}
    if field.nullable:
        base = {"anyOf": [base, {"type": "null"}]}
    return base


def json_schema(schema_url: str = "") -> dict:
    """A JSON Schema (draft 2020-12) of the JSON download."""
    fields = FIELDS
    row = {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields],
        "properties": {
            f.name: {"description": f.description, **_json_type(f)} for f in fields
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **({"$id": schema_url} if schema_url else {}),
        "title": "Best-practice directory: published recommendations",
        "type": "object",
        "required": ["licence", "recommendations"],
        "properties": {
            "licence": {"type": "object"},
            "schema": {"type": "string", "format": "uri"},
            "recommendations": {"type": "array", "items": row},
        },
    }


def table_schema() -> dict:
    """A Frictionless Table Schema of the CSV download."""
    kinds = {"uri": "string", "array": "string"}
    fields = []
    for f in FIELDS:
        spec = {
            "name": f.name,
            "type": kinds.get(f.type, f.type),
            "description": f.description,
        }
        if f.type == "uri":
            spec["format"] = "uri"
        if f.type == "array":
            spec["description"] += f" Items joined by {LIST_SEPARATOR!r}."
        constraints = {"required": not f.nullable}
        if f.enum and f.type != "array":
            constraints["enum"] = list(f.enum)
        spec["constraints"] = constraints
        fields.append(spec)
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": "slug",
        "licenses": [LICENCE],
    }


def csv_value(value) -> str:
    """One typed value as a CSV cell (the Table Schema's lexical form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def data_package(*, csv_url: str, json_url: str, schema_url: str) -> dict:
    """A Frictionless Data Package describing both downloads."""
    return {
        "name": "best-practice-directory",
        "title": "Best-practice directory: published recommendations",
        "licenses": [LICENCE],
        "resources": [
            {
                "name": "recommendations-csv",
                "path": csv_url,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(),
            },
            {
                "name": "recommendations-json",
                "path": json_url,
                "format": "json",
                "mediatype": "application/json",
                "schema": schema_url,
            },
        ],
    }
