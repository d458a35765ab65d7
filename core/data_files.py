"""Load a YAML data file into a pydantic model, with errors that name the file, line and field.

Why one loader: catalogues, rules, eval cases and settings-like data are all hand-edited YAML; a
user who breaks one needs "rules.yaml:14: pitfalls.2.severity: Input should be 'high', 'medium'
or 'low'", not a traceback. Every data file goes through here, so every one fails the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ValidationError

from core.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def check_regexes(values: list[str]) -> list[str]:
    """Every regex compiles; a broken one is a ValueError, which pydantic reports with its field."""
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regex {value!r}: {exc}") from None
    return values


Patterns = Annotated[list[str], AfterValidator(check_regexes)]  # a data file's list of regexes, checked on load

FRAGMENT = re.compile(r"<([a-z_]+)>")


def expand_fragments(pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    """The pattern with each `<name>` replaced by the named fragment (itself expanded): a word list several
    patterns share is written once in the data file. A ValueError names an unknown or too deeply nested one."""
    if depth > 3:
        raise ValueError(f"fragments nest too deep in {pattern!r}")

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise ValueError(f"unknown fragment <{name}> in {pattern!r}")
        return expand_fragments(fragments[name], fragments, depth + 1)

    return FRAGMENT.sub(one, pattern)


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that remembers the line of every mapping key and sequence item."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    mapping["__lines__"] = lines
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("__lines__", "__line__")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest mapping key on the error's path."""
    line = None
    node = data
    for part in loc:
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(part, line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, dict):
                line = node.get("__line__", line)
        else:
            break
    return line


def parse_yaml(text: str, model: type[M], source: str) -> M:
    """Validate YAML text against `model`; ConfigError("source:line: field: problem") otherwise."""
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{where}: not valid YAML ({problem})") from None
    if raw is None:
        raise ConfigError(f"{source}: the file is empty")
    try:
        return model.model_validate(_strip(raw))
    except ValidationError as exc:
        loc, problem = _first_error(exc)
        line = _line_of(raw, loc)
        raise ConfigError(f"{f'{source}:{line}' if line else source}: {problem}") from None


def _first_error(exc: ValidationError) -> tuple[tuple[int | str, ...], str]:
    """(the first error's path, "field: message (and N more)") of a validation error."""
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    field = ".".join(str(p) for p in loc) or "(top level)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return loc, f"{field}: {error['msg']}{more}"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.__class__.__name__})") from None


def load_yaml(path: Path, model: type[M]) -> M:
    """Read and validate a YAML file; a missing or unreadable file is a ConfigError too."""
    return parse_yaml(_read(path), model, str(path))


def load_json(path: Path, model: type[M]) -> M:
    """Read and validate a JSON data file written by a program (learned weights: too many numbers for
    YAML to read quickly); errors name the file and the field, as for YAML."""
    try:
        return model.model_validate_json(_read(path))
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_error(exc)[1]}") from None
