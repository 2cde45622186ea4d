"""The only reader of ``os.environ`` in Gongkai's settings.

Every setting that depends on the environment asks here, so that what can be
configured is listed in one place (see docs/deployment.md).
"""

from __future__ import annotations

import os

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ImproperEnvironment(ValueError):
    """An environment variable is set to something that cannot be used."""


def string(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperEnvironment(f"环境变量 {name} 必须设置")
    return value


def boolean(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ImproperEnvironment(f"环境变量 {name}={value!r} 不是布尔值（应为 true/false）")


def integer(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperEnvironment(f"环境变量 {name}={value!r} 不是整数") from None


def string_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
