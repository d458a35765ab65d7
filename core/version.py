"""The installed gapreview version, recorded in every report, batch fingerprint and eval result."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

UNKNOWN = "0+unknown"


def package_version() -> str:
    """The installed distribution's version; UNKNOWN when run from a source tree without installing."""
    try:
        return version("gapreview")
    except PackageNotFoundError:
        return UNKNOWN
