"""Every version the README pins (pre-commit ``rev:``, pip ``@vX`` and ``==X`` pins, action refs)
is the package's version, and CHANGELOG.md has an entry for it, so the recipes resolve once the
release is tagged ``v{__version__}``."""
from __future__ import annotations

import re

from conftest import ROOT
from reportlint import __version__

_PIN = re.compile(r"(?:rev:\s*|reportlint@|reportlint==|reportlint/reportlint@)v?(?P<version>\d+\.\d+\.\d+\S*?)[\"'\s]")


def _pins() -> list[str]:
    return [m.group("version") for m in _PIN.finditer((ROOT / "README.md").read_text(encoding="utf-8"))]


def test_every_version_the_readme_pins_is_the_package_version():
    pins = _pins()
    assert len(pins) >= 3  # pre-commit rev, the GitHub Actions and GitLab pip installs
    assert set(pins) == {__version__}, pins


def test_the_pinned_version_has_a_changelog_entry():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M), "CHANGELOG.md has no entry for " + __version__
    assert f"[{__version__}]: https://github.com/reportlint/reportlint/releases/tag/v{__version__}" in changelog
