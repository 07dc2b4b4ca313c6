"""An article's overall status and error, derived from its stages (see docs/data-model.md,
"Status per stage"). Pure rules over the stored ``stages`` map: no storage, no AWS."""

from __future__ import annotations

from typing import Any

from articles.models import ArticleStatus, StageName

__all__ = ["STAGES", "first_error", "overall_status"]

STAGES: tuple[StageName, ...] = ("parse", "tag", "related")


def overall_status(stages: dict[str, Any]) -> ArticleStatus:
    states = {name: (stages.get(name) or {}).get("state", "pending") for name in STAGES}
    if states["parse"] == "skipped":
        return "skipped"
    if "failed" in states.values():
        return "failed"
    if all(s in ("ok", "skipped") for s in states.values()):
        return "ok"
    return "processing"


def first_error(stages: dict[str, Any]) -> str | None:
    for name in STAGES:
        stage = stages.get(name) or {}
        if stage.get("error"):
            return f"{name}: {stage['error']}"
    return None
