"""The curated registry: YAML files under ``registry/`` that editors change in PRs.

Loaded once per build and validated; an invalid file raises ``RegistryError``
naming the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import RegistryError
from .rules import Noise


def load_yaml(path: Path):
    try:
        with path.open(encoding="utf-8-sig") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        raise RegistryError(str(path), "registry file is missing", "restore it from git") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise RegistryError(str(path), f"invalid YAML ({problem})", "fix the syntax at that line",
                            line=mark.line + 1 if mark else None) from None


def _strings(path: Path, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RegistryError(str(path), f"'{key}' must be a list of non-empty strings",
                            f"write '{key}:' followed by '- item' lines")
    return tuple(value)


def _pattern(path: Path, key: str, value: str) -> re.Pattern:
    try:
        return re.compile(value)
    except re.error as err:
        raise RegistryError(str(path), f"'{key}' holds an invalid regular expression {value!r} ({err})",
                            "fix or quote the pattern") from None


def load_noise(path: Path) -> Noise:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RegistryError(str(path), "expected a mapping of lists", "see the comments in the file")
    lists = {k: _strings(path, data, k) for k in (
        "site_chrome", "footer_markers", "publish_labels", "source_labels", "author_labels",
        "counter_labels", "lead_markers", "credit_suffixes", "credit_labels", "credit_roles",
        "continuation_openers", "outlets")}
    return Noise(
        **lists,
        caption_patterns=tuple(_pattern(path, "caption_patterns", p)
                               for p in _strings(path, data, "caption_patterns")),
        photo_reference=_pattern(path, "photo_reference", str(data.get("photo_reference", ""))),
        word_debris=tuple(_pattern(path, "word_debris", p) for p in _strings(path, data, "word_debris")),
    )


def load_terms(path: Path):
    from .script import TermOverride

    data = load_yaml(path)
    items = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise RegistryError(str(path), "expected 'terms:' with a list of {hans, hant}", "see the file's comments")
    out = []
    for n, item in enumerate(items, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("hans"), str) and isinstance(item.get("hant"), str)
                and item["hans"] and len(item["hans"]) == len(item["hant"])):
            raise RegistryError(str(path), f"term {n} must be {{hans: …, hant: …}} of equal length",
                                "write both forms of the term")
        out.append(TermOverride(item["hans"], item["hant"]))
    return tuple(out)


def load_topic(path: Path):
    from .extract import Topic

    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("min_body_hits"), int):
        raise RegistryError(str(path), "'min_body_hits' must be a whole number", "write e.g. 'min_body_hits: 3'")
    return Topic(terms=_strings(path, data, "terms"), min_body_hits=data["min_body_hits"])


@dataclass(frozen=True)
class Registry:
    """Everything under registry/, loaded and validated."""

    noise: Noise
    terms: tuple
    topic: object

    @classmethod
    def load(cls, root: Path) -> "Registry":
        return cls(
            noise=load_noise(root / "noise.yml"),
            terms=load_terms(root / "terms.yml"),
            topic=load_topic(root / "topic.yml"),
        )
