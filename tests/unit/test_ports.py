"""The adapters implement the ports (articles.ports) the stages and the API are typed against.

Checked twice: mypy --strict reads this file (pyproject.toml [tool.mypy] files) and fails on the
assignments below if an adapter drifts from its Protocol; at run time every Protocol member must
exist on the adapter with the same parameters.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from articles import ports
from articles.bus import Publisher
from articles.entities.comprehend import ComprehendTagger
from articles.entities.routing import RoutedTagger
from articles.entities.tagger import Tagger
from articles.store.blobs import BlobStore
from articles.store.dynamo import ArticleRepository
from articles.store.index import RelatedIndex


def _static_conformance(
    repo: ArticleRepository, index: RelatedIndex, blobs: BlobStore, bus: Publisher,
    tagger: Tagger, comprehend: ComprehendTagger, routed: RoutedTagger,
) -> None:
    """Never called: mypy checks these assignments."""
    _store: ports.ArticleStore = repo
    _index: ports.Index = index
    _blobs: ports.Blobs = blobs
    _bus: ports.Bus = bus
    _tagger: ports.Tagger = tagger
    _comprehend: ports.Tagger = comprehend
    _routed: ports.Tagger = routed


PAIRS: list[tuple[Any, type]] = [
    (ports.ArticleStore, ArticleRepository),
    (ports.Index, RelatedIndex),
    (ports.Blobs, BlobStore),
    (ports.Bus, Publisher),
    (ports.Tagger, Tagger),
    (ports.Tagger, ComprehendTagger),
    (ports.Tagger, RoutedTagger),
]


def _members(protocol: Any) -> list[str]:
    return [name for name, value in vars(protocol).items() if inspect.isfunction(value) and not name.startswith("_")]


@pytest.mark.parametrize(("protocol", "adapter"), PAIRS, ids=lambda p: getattr(p, "__name__", str(p)))
def test_adapter_has_every_port_method_with_its_parameters(protocol: Any, adapter: type) -> None:
    members = _members(protocol)
    assert members, f"{protocol.__name__} declares no methods"
    for name in members:
        assert hasattr(adapter, name), f"{adapter.__name__} lacks {protocol.__name__}.{name}"
        want = inspect.signature(getattr(protocol, name)).parameters
        got = inspect.signature(getattr(adapter, name)).parameters
        assert [(p.name, p.kind) for p in want.values()] == [(p.name, p.kind) for p in got.values()], (
            f"{adapter.__name__}.{name} differs from {protocol.__name__}.{name}"
        )


def test_stages_and_api_are_typed_against_ports_not_adapters() -> None:
    from articles import api, pipeline

    hints = {
        **inspect.get_annotations(pipeline.ParseStage), **inspect.get_annotations(pipeline.TagStage),
        **inspect.get_annotations(pipeline.RelatedStage),
    }
    assert {hints["repo"], hints["blobs"], hints["index"], hints["bus"], hints["tagger"]} == {
        "ArticleStore", "Blobs", "Index", "Bus", "Tagger"
    }
    build = inspect.signature(api.build_app).parameters
    assert build["repo"].annotation == "ArticleStore" and build["index"].annotation == "Index"
    for module in (api, pipeline):
        source = inspect.getsource(module)
        assert "articles.store" not in source and "articles.bus" not in source, module.__name__
