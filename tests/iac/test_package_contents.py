"""What each function receives (its code plus its layers): no local tooling anywhere, the NER
model only in the tag function.

Over ``.aws-sam/build`` when `make build` produced it (and it is newer than the sources);
otherwise over the file lists the build would produce, computed from the template: a function's
``CodeUri`` folder, and for each of its layers (Globals first, then its own, as SAM merges them)
either the ``ContentUri`` folder (runtime build methods copy it whole) or what the layer's own
Makefile target copies (``make copy-<LayerId>``, the first step of ``build-<LayerId>``, run here
into a scratch folder, as sam build runs ``build-<LayerId>``)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from articles_tools.infra import load_template

from .conftest import BUILD_DIR, ROOT

TAG_FUNCTION = "TagEntitiesFunction"
# The local tooling: the articles_tools package, and the modules that lived in `articles`
# before they moved there (a copy left behind, or a move back, must fail this test).
TOOL_PATH = re.compile(
    r"(^|/)articles_tools(/|$)|(^|/)articles/(cli|infra|ops)\.py$|(^|/)articles/local(/|$)"
    r"|(^|/)articles/(parsing|entities|related)/cli\.py$"
)
MODEL_PATH = re.compile(r"(^|/)articles/entities/model[^/]*/")
# Never imported by code that ships: the tools, and the test/local-only AWS emulator.
FORBIDDEN_IMPORTS = ("articles_tools", "moto")


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def _layer_ids(template: dict[str, Any], props: dict[str, Any]) -> list[str]:
    layers = list(template.get("Globals", {}).get("Function", {}).get("Layers", []) or [])
    layers += list(props.get("Layers", []) or [])
    return [layer["Ref"] for layer in layers if isinstance(layer, dict) and "Ref" in layer]


def _built(build_dir: Path) -> dict[str, dict[str, set[str]]]:
    template = load_template(build_dir / "template.yaml")
    resources = template["Resources"]
    out: dict[str, dict[str, set[str]]] = {}
    for name, res in resources.items():
        if res["Type"] != "AWS::Serverless::Function":
            continue
        parts = {"code": _files(build_dir / str(res["Properties"]["CodeUri"]))}
        for layer in _layer_ids(template, res["Properties"]):
            parts[layer] = _files(build_dir / str(resources[layer]["Properties"]["ContentUri"]))
        out[name] = parts
    return out


def _layer_from_sources(name: str, res: dict[str, Any], scratch: Path) -> set[str]:
    content = ROOT / str(res["Properties"]["ContentUri"])
    if res.get("Metadata", {}).get("BuildMethod") != "makefile":
        return {f"python/{f}" for f in _files(content)}
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    work, artifacts = scratch / f"{name}-src", scratch / name
    shutil.copytree(content, work, ignore=shutil.ignore_patterns("__pycache__"))
    artifacts.mkdir()
    subprocess.run([make, "-s", f"copy-{name}", f"ARTIFACTS_DIR={artifacts}"], cwd=work, check=True,
                   capture_output=True, timeout=120)
    return _files(artifacts)


def _from_sources(scratch: Path) -> dict[str, dict[str, set[str]]]:
    template = load_template(ROOT / "template.yaml")
    resources = template["Resources"]
    layers: dict[str, set[str]] = {}
    out: dict[str, dict[str, set[str]]] = {}
    for name, res in resources.items():
        if res["Type"] != "AWS::Serverless::Function":
            continue
        code = ROOT / str(res["Properties"]["CodeUri"])
        parts = {"code": _files(code) - {"Makefile", "requirements.txt"}}
        for layer in _layer_ids(template, res["Properties"]):
            if layer not in layers:
                layers[layer] = _layer_from_sources(layer, resources[layer], scratch)
            parts[layer] = layers[layer]
        out[name] = parts
    return out


def _is_fresh(build_dir: Path) -> bool:
    built = build_dir / "template.yaml"
    if not built.is_file():
        return False
    sources = [ROOT / "template.yaml", *(ROOT / "shared").rglob("*"), *(ROOT / "functions").rglob("*")]
    newest = max(p.stat().st_mtime for p in sources if p.is_file() and "__pycache__" not in p.parts)
    return newest <= built.stat().st_mtime


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, set[str]]]:
    if _is_fresh(BUILD_DIR):
        return _built(BUILD_DIR)
    return _from_sources(tmp_path_factory.mktemp("layers"))


def test_every_function_is_listed(packages: dict[str, dict[str, set[str]]]) -> None:
    assert {"ParseArticleFunction", TAG_FUNCTION, "FindRelatedFunction", "LookupApiFunction"} <= set(packages)
    for name, parts in packages.items():
        shipped = {f for files in parts.values() for f in files}
        assert "app.py" in parts["code"], name
        assert "python/articles/__init__.py" in shipped, f"{name}: the articles package is not in its layers"


def test_no_tooling_reaches_any_function(packages: dict[str, dict[str, set[str]]]) -> None:
    for name, parts in packages.items():
        tools = sorted(f"{part}:{f}" for part, files in parts.items() for f in files if TOOL_PATH.search(f))
        assert not tools, f"{name} ships local tooling: {tools[:10]}"


def test_the_ner_model_reaches_the_tag_function_only(packages: dict[str, dict[str, set[str]]]) -> None:
    for name, parts in packages.items():
        model = sorted(f"{part}:{f}" for part, files in parts.items() for f in files if MODEL_PATH.search(f))
        if name == TAG_FUNCTION:
            assert any(f.endswith("articles/entities/model/meta.json") for f in model), (
                f"{name}: no NER model (articles/entities/model/meta.json) in its code or layers"
            )
        else:
            assert not model, f"{name} ships the NER model: {model[:5]}"


def _imports(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_shipped_code_never_imports_the_tools_or_moto() -> None:
    """Our modules in the packages (the articles package and the handlers), by AST: an import
    of the tools package or moto would fail on Lambda, where neither is installed."""
    ours = [*(ROOT / "shared" / "articles").rglob("*.py"), *(ROOT / "functions").rglob("*.py")]
    assert ours
    bad = []
    for path in ours:
        for name in _imports(path.read_text(encoding="utf-8")):
            if name.split(".")[0] in FORBIDDEN_IMPORTS:
                bad.append(f"{path.relative_to(ROOT)}: {name}")
    assert not bad, bad
