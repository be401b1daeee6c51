"""The directory's open data: CSV and JSON of every published recommendation (same
rows), the JSON Schema of the JSON, and a Data Package with the CSV's Table Schema
and the licence. Streamed, so the national directory never sits in memory."""

import csv
import json

from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse

from partnership.kernel.csvfiles import safe_cell

from .. import opendata, selectors


class _Echo:
    def write(self, value):
        return value


def _rows(request):
    """The open-data rows in the published field order, each with its page's URL."""
    base = request.build_absolute_uri("/directory/")
    for row in selectors.open_data_rows():
        row["url"] = f"{base}{row['slug']}/"
        yield {name: row[name] for name in opendata.FIELD_NAMES}


def _download(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = (
        f'<{reverse("directory:data_package")}>; rel="describedby", '
        f'<{opendata.LICENCE["path"]}>; rel="license"'
    )
    return response


def open_data_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=opendata.FIELD_NAMES)

    def rows():
        yield writer.writeheader()
        for row in _rows(request):
            yield writer.writerow(
                {k: safe_cell(opendata.csv_value(v)) for k, v in row.items()}
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    return _download(response, "best-practice-directory.csv")


def open_data_json(request):
    schema = request.build_absolute_uri(reverse("directory:data_schema"))

    def chunks():
        head = {"licence": opendata.LICENCE, "schema": schema}
        yield json.dumps(head)[:-1] + ', "recommendations": ['
        for n, row in enumerate(_rows(request)):
            yield ("," if n else "") + json.dumps(row)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    return _download(response, "best-practice-directory.json")


def open_data_schema(request):
    """The JSON Schema of data.json."""
    url = request.build_absolute_uri(request.path)
    return JsonResponse(
        opendata.json_schema(url), content_type="application/schema+json"
    )


def open_data_package(request):
    """A Frictionless Data Package: both files, the CSV's Table Schema, the licence."""
    return JsonResponse(
        opendata.data_package(
            csv_url=request.build_absolute_uri(reverse("directory:data_csv")),
            json_url=request.build_absolute_uri(reverse("directory:data_json")),
            schema_url=request.build_absolute_uri(reverse("directory:data_schema")),
        )
    )
