"""Every URL pattern of the site, with its full name and the kwargs it takes."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself when unnamed
    route: str  # e.g. "schools/<int:urn>/edit/"
    kwargs: tuple[str, ...]  # e.g. ("urn",)

    def __str__(self) -> str:
        return self.name


def _walk(resolver: URLResolver, prefix: str, namespace: str):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            converters = dict(getattr(entry.pattern, "converters", {}) or {})
            # Converters of the enclosing includes count too.
            kwargs = tuple(sorted(set(converters) | set(_route_kwargs(route))))
            name = f"{namespace}{entry.name}" if entry.name else route
            yield Route(name=name, route=route, kwargs=kwargs)


def _route_kwargs(route: str) -> list[str]:
    import re

    return [m.split(":")[-1] for m in re.findall(r"<([^>]+)>", route)] + re.findall(
        r"\(\?P<(\w+)>", route
    )


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver(), "", ""):
        seen.setdefault(route.name, route)
    return list(seen.values())


def _ours(route: Route, ignored_prefixes) -> bool:
    return not route.name.startswith(tuple(ignored_prefixes)) and not (
        route.route.startswith("admin/")
    )


def object_routes(ignored_prefixes=()) -> list[Route]:
    """The site's own routes that take an object id, slug, URN or token."""
    return [r for r in all_routes() if r.kwargs and _ours(r, ignored_prefixes)]


def plain_routes(ignored_prefixes=()) -> list[Route]:
    """The site's own routes without kwargs."""
    return [r for r in all_routes() if not r.kwargs and _ours(r, ignored_prefixes)]


def admin_object_routes() -> list[Route]:
    return [r for r in all_routes() if r.kwargs and r.route.startswith("admin/")]
