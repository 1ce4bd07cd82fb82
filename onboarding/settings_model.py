"""The settings' model (pydantic-settings): what each setting may hold, and where it is read.

Only `onboarding.settings` imports this module, when a setting is first read or one is
saved, so that a command which reads no setting never loads pydantic.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from tomlkit.exceptions import ParseError
from tomlkit.toml_document import TOMLDocument

from forms import controls
from forms.issues import issues_from
from onboarding.i18n import LANGUAGES, N_, Language, _
from onboarding.locations import settings_path, web_address
from onboarding.settings import SettingsError, no_secrets, readable, too_deep


class Settings(BaseSettings):
    """What a consultant may set once instead of on every command."""

    model_config = SettingsConfigDict(env_prefix="ONBOARDING_", extra="forbid",
                                      validate_default=False)

    lang: Language | None = Field(
        None, description=N_("language of screens, messages and checklists, as --lang "
                             "names it; unset: from the locale"))
    tui_lang: Language | None = Field(
        None, description=N_("language of the terminal UI, as its language switch (f4) "
                             "leaves it; unset: as lang"))
    consultant_name: str = Field("", max_length=200,
                                 description=N_("printed on checklists as who prepared them"))
    consultant_contact: str = Field("", max_length=200,
                                    description=N_("phone or email printed beside the name"))
    checklist_folder: Path | None = Field(
        None, description=N_("where checklists are written by default (else the current folder)"))
    key_file: Path | None = Field(None, description=N_(
        "the store's key file (default: portfolio.key in the user config folder)"))
    key: SecretStr | None = Field(None, description=N_(
        "the store's key itself, base64 (only as ONBOARDING_KEY, never in this file)"))
    public_url: str = Field("", max_length=300, description=N_(
        "the address clients open their links at (onboarding link; serve behind it), e.g. "
        "https://onboarding.example.cn; unset: http://127.0.0.1:8765"))

    @field_validator("lang", "tui_lang")
    @classmethod
    def _known_language(cls, value: Language | None) -> Language | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError(_("must be one of {choices}").format(choices=", ".join(LANGUAGES)))
        return value

    @field_validator("consultant_name", "consultant_contact")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        _no_controls(value)
        return value.strip()

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        return web_address(value) if value.strip() else ""

    @field_validator("checklist_folder", "key_file", mode="before")
    @classmethod
    def _a_path(cls, value: Any) -> Any:
        """A path as typed (`~` allowed); refused when it cannot name a file: empty, a
        control character (NUL), the home folder of a user who does not exist."""
        if not isinstance(value, str | Path):
            return value
        text = str(value)
        _no_controls(text)
        if not text.strip():
            raise ValueError(_("empty: give a path, or remove the setting"))
        try:
            Path(text).expanduser()
        except RuntimeError:
            user = text[1:].split("/", 1)[0]
            raise ValueError(_("~{user} is the home folder of no user on this computer")
                             .format(user=user)) from None
        return value

    @field_validator("key_file")
    @classmethod
    def _a_file(cls, value: Path | None) -> Path | None:
        if value is not None and value.expanduser().is_dir():
            raise ValueError(_("{path} is a folder; key_file names the key file itself (e.g. "
                               "{example})").format(path=value, example=value / "portfolio.key"))
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings,
                _FileSource(settings_cls, toml_file=readable(settings_path())))


def _no_controls(text: str) -> None:
    """The answers' rule (`forms.controls`): no control character, line break, zero-width
    space or bidirectional control in a setting either."""
    found = controls.find(text)
    if found:
        raise ValueError(_("must be plain text without control characters ({char})")
                         .format(char=controls.code_point(found[0])))


class _FileSource(TomlConfigSettingsSource):
    """The settings file, which may not hold a secret."""

    def __call__(self) -> dict[str, Any]:
        values = super().__call__()
        no_secrets(values, settings_path())
        return values


def _one_line(exc: ValidationError) -> str:
    """The first problem, in the interface's language: a validator's own message, else the
    domain's wording of pydantic's error (`forms.issues`)."""
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"]) or "settings"
    error = (first.get("ctx") or {}).get("error")
    said = str(error) if first["type"] == "value_error" and error else \
        issues_from(exc)[0].text(_)
    return f"{where}: {said}"


def _in_force(exc: ValidationError) -> str:
    """A problem of the settings in force, named where it came from: the ONBOARDING_
    variable when one is set for the setting (it wins over the file), else the file."""
    loc = exc.errors(include_url=False)[0]["loc"]
    variable = f"ONBOARDING_{str(loc[0]).upper()}" if loc else ""
    if variable in os.environ:
        return f"{variable}: {_one_line(exc).partition(': ')[2]}"
    return _("{path}: {reason} (or the ONBOARDING_ variable of that name)").format(
        path=settings_path(), reason=_one_line(exc))


def load() -> Settings:
    """The settings in force: the environment, then the file, then the defaults."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(_in_force(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(_("{settings_path}: not valid TOML ({reason})")
                              .format(settings_path=settings_path(), reason=exc)) from None
    except UnicodeDecodeError:
        raise SettingsError(_("{settings_path}: not UTF-8 text")
                              .format(settings_path=settings_path())) from None
    except RecursionError:
        raise too_deep(settings_path()) from None


def changed_file(path: Path, changes: dict[str, Any]) -> bytes:
    """The settings file at `path` with `changes` made (None removes one), checked: only those
    values change, the user's comments, order and layout stay as they wrote them."""
    document = _document(path)
    for name, value in changes.items():
        if value is None:
            document.pop(name, None)
        else:
            document[name] = str(value) if isinstance(value, Path) else value
    try:
        Settings.model_validate(document.unwrap())
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None
    return tomlkit.dumps(document).encode()


def _document(path: Path) -> TOMLDocument:
    """The settings file as tomlkit reads it (comments and layout kept); empty when none."""
    found = readable(path)
    if found is None:
        return tomlkit.document()
    try:
        return tomlkit.parse(found.read_text(encoding="utf-8"))
    except (ParseError, UnicodeDecodeError) as exc:
        raise SettingsError(_("{path}: not valid TOML ({reason})")
                              .format(path=path, reason=exc)) from None
    except OSError as exc:
        raise SettingsError(_("{path}: cannot read the settings file ({strerror})")
                              .format(path=path, strerror=exc.strerror)) from None


