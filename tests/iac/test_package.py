"""What `sam build` produced (skipped until it ran, or when sources changed since):
sizes within Lambda's limit, and every function importable from its package + the layer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from articles_tools.infra import load_template

from .conftest import BUILD_DIR, ROOT, offline_env

BUILT_TEMPLATE = BUILD_DIR / "template.yaml"
SOURCES = [ROOT / "template.yaml", ROOT / "shared", ROOT / "functions"]


def newest_source_mtime() -> float:
    newest = 0.0
    for source in SOURCES:
        paths = [source] if source.is_file() else source.rglob("*")
        for path in paths:
            if "__pycache__" in path.parts or not path.is_file():
                continue
            newest = max(newest, path.stat().st_mtime)
    return newest


@pytest.fixture(scope="module")
def build_dir() -> Path:
    if not BUILT_TEMPLATE.is_file():
        pytest.skip("no .aws-sam/build: run `make build` (sam build)")
    if newest_source_mtime() > BUILT_TEMPLATE.stat().st_mtime:
        pytest.skip(".aws-sam/build is older than the sources: run `make build` again")
    return BUILD_DIR


def test_functions_with_layers_fit_lambda_unzipped_limit(build_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "package-sizes.py"), "--build-dir", str(build_dir)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


FUNCTIONS = ["ParseArticleFunction", "TagEntitiesFunction", "FindRelatedFunction", "LookupApiFunction"]


def built_code_and_layers(build_dir: Path, function: str) -> tuple[Path, list[Path]]:
    """The function's built folder and its layers' folders, in order (Globals first)."""
    code = build_dir / function
    if not code.is_dir():
        pytest.skip(f"{function} was not built")
    template = load_template(BUILT_TEMPLATE)
    props = template["Resources"][function]["Properties"]
    layers = [*template.get("Globals", {}).get("Function", {}).get("Layers", []), *props.get("Layers", [])]
    return code, [build_dir / str(template["Resources"][layer["Ref"]]["Properties"]["ContentUri"])
                  for layer in layers]


@pytest.mark.slow
@pytest.mark.parametrize("function", FUNCTIONS)
def test_built_function_imports_from_its_package_and_the_layer(build_dir: Path, function: str,
                                                               tmp_path: Path) -> None:
    """Lambda's sys.path: the function (/var/task), then the layer (/opt/python); no site-packages."""
    python = shutil.which("python3.11")
    if python is None:
        pytest.skip("python3.11 (the Lambda runtime's version) is not on PATH")
    # its layers in order (Globals first); each is extracted into /opt, i.e. merged: a
    # merged copy of their python/ folders stands for /opt/python
    code, layers = built_code_and_layers(build_dir, function)
    opt = tmp_path / "opt-python"
    for layer in layers:
        shutil.copytree(layer / "python", opt, dirs_exist_ok=True)
    env = offline_env(
        PYTHONPATH=os.pathsep.join([str(code), str(opt)]),
        PYTHONDONTWRITEBYTECODE="1",
        POWERTOOLS_TRACE_DISABLED="true",
        POWERTOOLS_METRICS_DISABLED="true",
        # the variables template.yaml's Globals give every function (Settings requires them)
        INBOX_BUCKET="inbox", PARSED_BUCKET="parsed", ARTICLES_TABLE="articles", INDEX_TABLE="index",
        ARTICLE_EVENTS_TOPIC_ARN="arn:aws:sns:us-east-1:123456789012:t", CURSOR_SECRET="s",
    )
    env.pop("PYTHONHOME", None)
    # looking up lambda_handler builds it (adapters; the spaCy model for the tag function); the
    # tag function also tags each language with its model (its package leaves out spaCy's CLI
    # stack: loading and running a pipeline must not need it)
    script = "import app; assert callable(app.lambda_handler)"
    if function == "TagEntitiesFunction":
        script += "\n" + TAG_EVERY_LANGUAGE
    if function == "ParseArticleFunction":
        script += "\n" + LANGUAGE_MODEL_COPY
    result = subprocess.run(
        [python, "-S", "-W", "ignore", "-c", script],
        cwd=build_dir.parent, env=env, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]


TAG_EVERY_LANGUAGE = """
import sys
from articles.entities import load_tagger
tagger = load_tagger("local")
for language, text, name in [
    ("en", "Egyptian Foreign Minister Sameh Shoukry met his counterpart in Cairo.", "Sameh Shoukry"),
    ("ar", "التقى وزير الخارجية المصري سامح شكري نظيره الليبي في القاهرة.", "سامح شكري"),
    ("fr", "Le président tunisien Kaïs Saïed a reçu le ministre à Carthage.", "Kaïs Saïed"),
]:
    names = [e.name for e in tagger.tag(text, language=language)]
    assert name in names, (language, names)
    # an article the parse stage could not label: the tag function detects its language
    names = [e.name for e in tagger.tag(text)]
    assert name in names, (language, "detected", names)
assert not {"typer", "rich", "pygments", "weasel"} & set(sys.modules), "spaCy's CLI stack was imported"
"""


# the parse function's build writes py3langid's model without LZMA beside the original: the
# copy is there, is the one read, and scores as the original does
LANGUAGE_MODEL_COPY = """
import numpy as np
from articles.parsing import langid_model
from py3langid.langid import LanguageIdentifier
directory = langid_model.data_dir()
assert (directory / langid_model.FAST_NAME).is_file(), "no fast copy of the language model"
fast = langid_model._from_fast_copy(directory / langid_model.FAST_NAME, norm_probs=False)
stock = LanguageIdentifier.from_model_file(directory / langid_model.LZMA_NAME, norm_probs=False)
for text in ["The minister met officials in Tripoli on Sunday.", "Le gouvernement a annoncé dimanche des pourparlers.",
             "أعلنت الحكومة الليبية يوم الأحد عن محادثات جديدة مع تونس."]:
    assert np.array_equal(fast._decide(text), stock._decide(text)), text
"""


@pytest.mark.parametrize("function", FUNCTIONS)
def test_built_code_carries_bytecode_lambda_never_has_to_compile(build_dir: Path, function: str) -> None:
    """/var/task and /opt are read-only on Lambda: a module without a usable .pyc is compiled
    at every cold start. Each module of the function's package and of its layers has a
    CPython 3.11 pyc, hash-based and unchecked (PEP 552 flags = 0b01: the sources never change)."""
    code, layers = built_code_and_layers(build_dir, function)
    roots = [code, *layers]
    missing, checked = [], 0
    for root in roots:
        for source in root.rglob("*.py"):
            if source.parent.name == "__pycache__":
                continue
            pyc = source.parent / "__pycache__" / f"{source.stem}.cpython-311.pyc"
            if not pyc.is_file():
                missing.append(str(source.relative_to(build_dir)))
                continue
            checked += 1
            assert int.from_bytes(pyc.read_bytes()[4:8], "little") == 0b01, pyc
    # FindRelated's and LookupApi's own code is a small app.py and an empty __init__.py (the
    # python3.11 builder, no compile step); everything they import comes from the layer
    own = {f"{name}/{py}" for name in ("FindRelatedFunction", "LookupApiFunction") for py in ("app.py", "__init__.py")}
    assert checked > 0
    assert sorted(set(missing) - own) == [], missing[:20]
