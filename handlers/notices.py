"""Notice renderers: which Block Kit builder says each service notice in Slack.

The registry is filled in by the app factory from the features' NOTICES tables, so what a notice
looks like is one lookup away and nothing is registered as a side effect of importing a module."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.kit import Message
from services.notices import Notice

Renderer = Callable[[Any], Message]


class NoticeRenderers:
    """Notice type → renderer; rendering a notice nobody registered is a programming error."""

    def __init__(self) -> None:
        self._renderers: dict[type[Notice], Renderer] = {}

    def add(self, table: Mapping[type[Notice], Renderer]) -> None:
        for kind, renderer in table.items():
            if kind in self._renderers:
                raise ValueError(f"{kind.__name__} already has a renderer")
            self._renderers[kind] = renderer

    def render(self, notice: Notice) -> Message:
        renderer = self._renderers.get(type(notice))
        if renderer is None:
            raise TypeError(f"no Slack rendering for {type(notice).__name__}")
        return renderer(notice)

    def kinds(self) -> frozenset[type[Notice]]:
        return frozenset(self._renderers)
