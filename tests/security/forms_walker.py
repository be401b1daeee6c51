"""Every form class of the project's apps, found by importing their form modules."""

import importlib
import inspect
from pathlib import Path

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parents[2]


def _project_apps():
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT)
        and ".venv" not in Path(config.path).relative_to(ROOT).parts
    ]


def _is_form_module(path: Path) -> bool:
    return path.stem in {"forms", "filters"} or "forms" in path.parent.parts


def form_modules():
    """Every `forms`/`filters` module (or module of a `forms` package) of our apps."""
    names = set()
    for config in _project_apps():
        base = Path(config.path)
        for path in base.rglob("*.py"):
            if _is_form_module(path.relative_to(base)):
                parts = path.relative_to(ROOT).with_suffix("").parts
                names.add(".".join(p for p in parts if p != "__init__"))
    return [importlib.import_module(name) for name in sorted(names)]


def all_form_classes() -> list[type]:
    """Every form class defined in those modules (filtersets' forms included)."""
    found = {}
    for module in form_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            if issubclass(cls, forms.BaseForm):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
            elif hasattr(cls, "base_filters"):  # a django-filter FilterSet
                model = cls._meta.model or get_user_model()
                form = cls(queryset=model.objects.none()).form.__class__
                found[f"{cls.__module__}.{cls.__qualname__}.form"] = form
    return [found[k] for k in sorted(found)]


def text_fields(form_class):
    """(name, field) of every field of the form class that takes typed text."""
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField):
            yield name, field
