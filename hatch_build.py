"""Build step (hatchling's custom build hook): the gettext catalogs are kept as text
(`onboarding/locale/<lang>/LC_MESSAGES/onboarding.po`); building the package compiles each
into the `.mo` file beside it, which is what the program reads (`onboarding.i18n`). A wheel
ships them; an editable install (`pip install -e .`) finds them in the source tree. They are
never committed (.gitignore)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po in sorted((root / "onboarding" / "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name, domain=po.stem)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as compiled:
                write_mo(compiled, catalog, use_fuzzy=False)
            build_data["artifacts"].append(mo.relative_to(root).as_posix())  # git-ignored
