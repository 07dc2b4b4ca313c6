#!/usr/bin/env python3
"""Unzipped size of every function and layer that `sam build` produced, against Lambda's limit.

Lambda refuses a function whose code plus all its layers exceeds 250 MB unzipped
("Unzipped size must be smaller than 262144000 bytes"). This reads the built template
(.aws-sam/build/template.yaml), finds each function's artifact folder and its layers
(Globals.Function.Layers followed by the function's own, as SAM merges lists), adds up the
file sizes, prints a table, and exits 1 if any function + layers sum is over the limit.

    python tools/package-sizes.py [--build-dir .aws-sam/build] [--limit-mb 250] [--json]

Exit codes: 0 all within the limit, 1 some function over it, 2 nothing built yet.
Standard library only (runs with any Python 3.9+).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
LAMBDA_UNZIPPED_LIMIT_MB = 250  # 262,144,000 bytes

ROOT = Path(__file__).resolve().parents[1]


def _load_yaml(path: Path) -> dict[str, Any]:
    """The built template is plain YAML (intrinsics in long form); short-form tags, should
    any remain, are read as {"Tag": value} rather than failing."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - the project venv has PyYAML
        sys.exit("package-sizes: PyYAML is needed to read the built template")

    class Loader(yaml.SafeLoader):
        pass

    def construct(loader: Loader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {"Ref" if suffix == "Ref" else f"Fn::{suffix}": value}

    Loader.add_multi_constructor("!", construct)
    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=Loader)
    return doc or {}


def tree_size(path: Path) -> int:
    """Bytes of every file under ``path`` (what the zip holds once unpacked)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for dirpath, _dirnames, filenames in os.walk(path):
        for name in filenames:
            # os.stat follows symlinks, as zip does; a dangling one is not packaged.
            with contextlib.suppress(FileNotFoundError):
                total += os.stat(os.path.join(dirpath, name)).st_size
    return total


def collect(build_dir: Path) -> dict[str, Any]:
    template = _load_yaml(build_dir / "template.yaml")
    resources: dict[str, dict[str, Any]] = template.get("Resources", {})
    global_layers = template.get("Globals", {}).get("Function", {}).get("Layers", []) or []

    layers: dict[str, dict[str, Any]] = {}
    for logical_id, res in resources.items():
        if res.get("Type") in ("AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion"):
            props = res.get("Properties", {})
            uri = props.get("ContentUri", props.get("Content"))
            if isinstance(uri, str):
                layers[logical_id] = {"path": uri, "bytes": tree_size(build_dir / uri)}

    functions: dict[str, dict[str, Any]] = {}
    for logical_id, res in resources.items():
        if res.get("Type") != "AWS::Serverless::Function":
            continue
        props = res.get("Properties", {})
        if props.get("PackageType") == "Image":
            continue
        uri = props.get("CodeUri")
        if not isinstance(uri, str):
            continue
        own_layers = list(global_layers) + list(props.get("Layers", []) or [])
        used, unknown = [], []
        for layer in own_layers:
            ref = layer.get("Ref") if isinstance(layer, dict) else None
            if ref in layers:
                used.append(ref)
            else:  # an ARN of a layer built elsewhere: its size is not known here
                unknown.append(layer)
        code = tree_size(build_dir / uri)
        total = code + sum(layers[name]["bytes"] for name in used)
        functions[logical_id] = {
            "path": uri,
            "code_bytes": code,
            "layers": used,
            "unknown_layers": unknown,
            "total_bytes": total,
        }
    return {"functions": functions, "layers": layers}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / ".aws-sam" / "build")
    parser.add_argument("--limit-mb", type=float, default=LAMBDA_UNZIPPED_LIMIT_MB)
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = parser.parse_args(argv)

    if not (args.build_dir / "template.yaml").is_file():
        print(f"package-sizes: no {args.build_dir / 'template.yaml'}: run `sam build` first", file=sys.stderr)
        return 2

    report = collect(args.build_dir)
    limit = args.limit_mb * MIB
    over = [name for name, f in report["functions"].items() if f["total_bytes"] > limit]

    if args.json:
        print(json.dumps({**report, "limit_bytes": int(limit), "over_limit": over}, indent=2))
        return 1 if over else 0

    print(f"Unzipped sizes in {args.build_dir} (MB = MiB; limit {args.limit_mb:g} MB per function + layers)")
    for name, layer in sorted(report["layers"].items()):
        print(f"  layer    {name:<28} {layer['bytes'] / MIB:8.1f} MB")
    width = max((len(n) for n in report["functions"]), default=8)
    for name, f in sorted(report["functions"].items()):
        status = "OVER LIMIT" if name in over else "ok"
        layer_mb = (f["total_bytes"] - f["code_bytes"]) / MIB
        print(
            f"  function {name:<{width}} code {f['code_bytes'] / MIB:7.1f} MB"
            f" + layers {layer_mb:6.1f} MB = {f['total_bytes'] / MIB:7.1f} MB  {status}"
        )
        for layer in f["unknown_layers"]:
            print(f"           (+ external layer not measured: {layer})")
    if over:
        print(f"package-sizes: over {args.limit_mb:g} MB: {', '.join(sorted(over))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
