"""Check that requirements.lock is closed: installing it with `pip --no-deps` is consistent.

The setup installs the lock with `pip install --no-deps --require-hashes`, so no installer
ever resolves anything: what is installed is exactly the lock, on any day, whatever the index
publishes later. That is only right if the lock holds every requirement of every package in
it, extras included (`justext` asks for `lxml[html_clean]`, whose extra brings
`lxml-html-clean`). `pip check` does not look at extras, so this script does, from the
metadata of the packages installed in the running environment:

    python scripts/lockcheck.py [requirements.lock] [pyproject.toml]

It prints one line per problem and exits 1 when there is any. With `--unpinned LOCK` it
prints instead the installed packages the lock does not pin (newsevents and pip aside), which
scripts/_setup.sh uninstalls. scripts/_setup.sh runs it after
every install and scripts/lock after writing a lock.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


def parse_lock(text: str) -> dict[str, str]:
    """Map each package pinned in a pip-compile lock to its version."""
    pins: dict[str, str] = {}
    for line in text.splitlines():
        pin = _PIN.match(line)
        if pin:
            pins[canonicalize_name(pin.group(1))] = pin.group(2)
    return pins


def problems(
    pins: dict[str, str],
    roots: Iterable[Requirement],
    requires: Callable[[str], list[str] | None],
    environment: dict[str, str],
) -> list[str]:
    """What the pinned set lacks: requirements not pinned, or pinned at a version they exclude.

    ``roots`` are the project's own requirements; every pinned package is a root too (its
    base requirements must hold). ``requires(name)`` gives a package's Requires-Dist lines.
    Extras asked for anywhere are followed: ``x[y]`` needs x's requirements under extra y.
    """
    found: list[str] = []
    todo: list[tuple[str, frozenset[str], str]] = [(name, frozenset(), name) for name in pins]
    for root in roots:
        found += _check(root, pins, "pyproject.toml", environment, {""})
        todo.append((canonicalize_name(root.name), frozenset(root.extras), "pyproject.toml"))
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras, asker = todo.pop()
        if (name, extras) in done or name not in pins:
            continue
        done.add((name, extras))
        lines = requires(name)
        if lines is None:
            found.append(f"{name}=={pins[name]} (needed by {asker}) is not installed")
            continue
        for line in lines:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            problems_here = _check(requirement, pins, name, environment, {"", *extras})
            found += problems_here
            if requirement.extras and not problems_here and _applies(
                requirement, environment, {"", *extras}
            ):
                wanted = frozenset(requirement.extras)
                todo.append((canonicalize_name(requirement.name), wanted, name))
    return sorted(set(found))


def _applies(requirement: Requirement, environment: dict[str, str], extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**environment, "extra": e}) for e in extras)


def _check(
    requirement: Requirement,
    pins: dict[str, str],
    asker: str,
    environment: dict[str, str],
    extras: set[str],
) -> list[str]:
    if not _applies(requirement, environment, extras):
        return []
    name = canonicalize_name(requirement.name)
    if name not in pins:
        return [f"{asker} needs {requirement}, which the lock does not pin"]
    if not requirement.specifier.contains(Version(pins[name]), prereleases=True):
        return [f"{asker} needs {requirement}, but the lock pins {name}=={pins[name]}"]
    return []


def _installed_requires(pins: dict[str, str]) -> Callable[[str], list[str] | None]:
    def requires(name: str) -> list[str] | None:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return None
        if canonicalize_name(dist.version) != canonicalize_name(pins[name]):
            return None
        return list(dist.requires or [])

    return requires


def _project_roots(pyproject: Path) -> list[Requirement]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


def unpinned(pins: dict[str, str]) -> list[str]:
    """Installed packages that the lock does not pin, besides newsevents and the installer."""
    keep = {*pins, "pip", "newsevents"}
    names = {canonicalize_name(dist.metadata["Name"]) for dist in metadata.distributions()}
    return sorted(names - keep)


def main(argv: list[str]) -> int:
    """Check the lock against the packages installed in this environment."""
    from packaging.markers import default_environment

    if argv[:1] == ["--unpinned"]:
        lock = Path(argv[1]) if len(argv) > 1 else Path("requirements.lock")
        print(" ".join(unpinned(parse_lock(lock.read_text(encoding="utf-8")))))
        return 0
    lock = Path(argv[0]) if argv else Path("requirements.lock")
    pyproject = Path(argv[1]) if len(argv) > 1 else Path("pyproject.toml")
    pins = parse_lock(lock.read_text(encoding="utf-8"))
    environment = {key: str(value) for key, value in default_environment().items()}
    found = problems(pins, _project_roots(pyproject), _installed_requires(pins), environment)
    for line in found:
        print(f"error: {lock}: {line}", file=sys.stderr)
    if found:
        print(f"{lock} is not closed; run scripts/lock", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
