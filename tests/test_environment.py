"""environment.yml and pyproject.toml list the same packages."""

import re
import tomllib

import yaml
from conftest import ROOT


def _name(req: str) -> str:
    return re.split(r"[<>=!\[ ;#]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


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
