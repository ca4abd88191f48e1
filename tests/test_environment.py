"""environment.yml and pyproject.toml list the same packages."""

import re
import tomllib

import yaml
from conftest import ROOT


def _name(req: str) -> str:
    return re.split(r"[<>=!\[ ;#]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(req: str) -> tuple[str, str]:
    """(name, version specifier without spaces or extras) of a requirement line."""
    found = re.match(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*([^#]*)", req.strip())
    assert found, req
    return _name(found.group(1)), found.group(3).replace(" ", "")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(p) for p in dep["pip"] if not p.startswith("-e")}
        else:
            conda.add(_name(dep))
    assert "conda-forge" in env["channels"]
    assert {"openjdk", "python", "pip"} <= conda  # Java for tabula-py
    assert (conda - {"openjdk", "python", "pip"}) | pip == wanted


def test_environment_pins_as_pyproject():
    """The same version bounds on both sides (matplotlib's cap below 3.11 above all)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_spec(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    for dep in env["dependencies"]:
        for req in (dep["pip"] if isinstance(dep, dict) else [dep]):
            if not req.startswith("-e"):
                listed.update([_spec(req)])
    assert {k: listed[k] for k in wanted} == wanted
    assert wanted["matplotlib"] == ">=3.8,<3.11"
