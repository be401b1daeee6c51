"""OAI-PMH 2.0 requests: checking the arguments of each verb, dates, tokens.

Every argument goes through `OaiArgumentsForm` (lengths, formats); the rules of
the protocol (which verb takes which arguments, exclusive resumption tokens) are
checked here and raised as `OaiError(code, message)`, which the view writes as
an <error> element (http://www.openarchives.org/OAI/2.0/openarchivesprotocol.htm).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from django import forms
from django.core import signing

VERBS = {
    "Identify": (set(), set()),  # (required, optional) arguments
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
LISTS = {"ListIdentifiers", "ListRecords"}
FORMATS = {"oai_dc"}
TOKEN_SALT = "journal.oai.resumption"  # noqa: S105 - a signing salt, not a secret


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class OaiArgumentsForm(forms.Form):
    verb = forms.CharField(max_length=40)
    identifier = forms.CharField(max_length=200, required=False)
    metadataPrefix = forms.CharField(max_length=40, required=False)  # noqa: N815
    set = forms.CharField(max_length=200, required=False)
    resumptionToken = forms.CharField(max_length=1000, required=False)  # noqa: N815
    from_ = forms.CharField(max_length=20, required=False)
    until = forms.CharField(max_length=20, required=False)

    def add_prefix(self, field_name):
        return "from" if field_name == "from_" else field_name


@dataclass
class OaiRequest:
    verb: str
    args: dict[str, str]  # the arguments as given (echoed in <request>)
    metadata_prefix: str = ""
    identifier: str = ""
    set_spec: str = ""
    since: datetime | None = None
    until: datetime | None = None
    offset: int = 0


def _parse_date(value: str, *, end: bool) -> tuple[datetime, str]:
    for pattern, granularity in (
        ("%Y-%m-%dT%H:%M:%SZ", "seconds"),
        ("%Y-%m-%d", "day"),
    ):
        try:
            parsed = datetime.strptime(value, pattern)  # noqa: DTZ007 - UTC below
        except ValueError:
            continue
        if granularity == "day" and end:
            parsed = datetime.combine(parsed.date(), time.max)
        return parsed.replace(tzinfo=UTC), granularity
    raise OaiError("badArgument", f"'{value}' is not a date of the form YYYY-MM-DD.")


def _dates(request: OaiRequest, args: dict[str, str]) -> None:
    granularities = set()
    if args.get("from"):
        request.since, granularity = _parse_date(args["from"], end=False)
        granularities.add(granularity)
    if args.get("until"):
        request.until, granularity = _parse_date(args["until"], end=True)
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OaiError("badArgument", "'from' and 'until' differ in granularity.")
    if request.since and request.until and request.since > request.until:
        raise OaiError("badArgument", "'from' is later than 'until'.")


def make_token(request: OaiRequest, offset: int) -> str:
    state = {
        "v": request.verb,
        "m": request.metadata_prefix,
        "s": request.set_spec,
        "f": request.args.get("from", ""),
        "u": request.args.get("until", ""),
        "o": offset,
    }
    return signing.dumps(state, salt=TOKEN_SALT, compress=True)


def _from_token(verb: str, token: str, args: dict[str, str]) -> OaiRequest:
    try:
        state = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise OaiError(
            "badResumptionToken", "The resumption token is not valid."
        ) from exc
    if state.get("v") != verb or not isinstance(state.get("o"), int):
        raise OaiError("badResumptionToken", "The resumption token is not valid.")
    request = OaiRequest(
        verb=verb,
        args=args,
        metadata_prefix=state["m"],
        set_spec=state["s"],
        offset=state["o"],
    )
    _dates(request, {"from": state["f"], "until": state["u"]})
    return request


def _check_names(query) -> dict[str, str]:
    """One value per argument and a known verb, or the protocol's error."""
    for name in query:
        if len(query.getlist(name)) > 1:
            raise OaiError("badArgument", f"The argument '{name}' is repeated.")
    verb = query.get("verb", "")
    if verb not in VERBS:
        raise OaiError("badVerb", "The verb is missing or not an OAI-PMH verb.")
    required, optional = VERBS[verb]
    allowed = required | optional | {"verb"}
    if verb in LISTS:
        allowed |= {"resumptionToken"}
    unknown = set(query) - allowed
    if unknown:
        raise OaiError(
            "badArgument", f"'{sorted(unknown)[0]}' is not an argument of {verb}."
        )
    form = OaiArgumentsForm(query)
    if not form.is_valid():
        raise OaiError("badArgument", "An argument is too long.")
    return {name: query[name] for name in query if name != "verb"}


def parse(query) -> OaiRequest:
    """The checked request, or OaiError."""
    args = _check_names(query)
    verb = query["verb"]
    required, _optional = VERBS[verb]
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OaiError(
                "badArgument", "A resumption token must be the only argument."
            )
        if verb == "ListSets":
            raise OaiError("badResumptionToken", "The set list is never split.")
        return _from_token(verb, args["resumptionToken"], args)
    missing = required - set(args)
    if missing:
        raise OaiError("badArgument", f"{verb} needs '{sorted(missing)[0]}'.")
    request = OaiRequest(
        verb=verb,
        args=args,
        metadata_prefix=args.get("metadataPrefix", ""),
        identifier=args.get("identifier", ""),
        set_spec=args.get("set", ""),
    )
    if request.metadata_prefix and request.metadata_prefix not in FORMATS:
        raise OaiError(
            "cannotDisseminateFormat", "Only oai_dc (Dublin Core) is offered."
        )
    _dates(request, args)
    return request
