"""The user's settings, read in one place: environment, then the settings file, then defaults.

The file is TOML in the user config folder (`~/.config/onboarding/settings.toml` on Linux,
or `$ONBOARDING_SETTINGS`); every variable is `ONBOARDING_<NAME>`. `onboarding config`
shows and changes them. Every piece that needs a setting calls `settings()`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from forms import controls
from onboarding.i18n import LANGUAGES, N_, Language, _
from onboarding.locations import settings_path, web_address

if TYPE_CHECKING:
    from tomlkit import TOMLDocument

MAX_FILE_BYTES = 64 * 1024


class SettingsError(Exception):
    """The settings file or a variable cannot be used: one line for the user."""


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
                _FileSource(settings_cls, toml_file=_readable(settings_path())))


def _no_controls(text: str) -> None:
    """The answers' rule (`forms.controls`): no control character, line break, zero-width
    space or bidirectional control in a setting either."""
    found = controls.find(text)
    if found:
        raise ValueError(_("must be plain text without control characters ({char})")
                         .format(char=controls.code_point(found[0])))


ENVIRONMENT_ONLY = ("key",)  # secrets: a settings file gets copied and shared


class _FileSource(TomlConfigSettingsSource):
    """The settings file, which may not hold a secret."""

    def __call__(self) -> dict[str, Any]:
        values = super().__call__()
        _no_secrets(values, settings_path())
        return values


def _no_secrets(values: dict[str, Any], path: Path) -> None:
    for name in ENVIRONMENT_ONLY:
        if name in values:
            raise SettingsError(
                _("{path}: {name} cannot be kept in the settings file; give it as "
                  "ONBOARDING_{upper} or keep it in a key file (key_file)")
                  .format(path=path, name=name, upper=name.upper()))


def _readable(path: Path) -> Path | None:
    """The settings file when it is a small regular file; None when there is none."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SettingsError(_("{path}: cannot read the settings file ({strerror})")
                              .format(path=path, strerror=exc.strerror)) from None
    import stat

    if not stat.S_ISREG(info.st_mode):
        raise SettingsError(_("{path}: the settings file is not a regular file").format(path=path))
    if info.st_size > MAX_FILE_BYTES:
        raise SettingsError(_("{path}: the settings file is larger than {MAX_FILE_BYTES} bytes")
                              .format(path=path, MAX_FILE_BYTES=MAX_FILE_BYTES))
    return path


def _one_line(exc: ValidationError) -> str:
    """The first problem, in the interface's language: a validator's own message, else the
    domain's wording of pydantic's error (`forms.issues`)."""
    from forms.issues import issues_from

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


def language_setting(*, tui: bool = False) -> Language | None:
    """The language the settings choose (ONBOARDING_LANG, else the file's `lang`) for
    `i18n.resolve`: None when they choose none or cannot be read (what reads them reports
    it). The TUI (`tui`) reads its own `tui_lang` first, where its language switch leaves it
    (the commands never do); ONBOARDING_LANG still wins."""
    try:
        found = settings()
    except SettingsError:
        return None
    if tui and not os.environ.get("ONBOARDING_LANG"):
        return found.tui_lang or found.lang
    return found.lang


@cache
def settings() -> Settings:
    """The settings in force, read once per process."""
    import tomllib

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
        raise _too_deep(settings_path()) from None


def _too_deep(path: Path) -> SettingsError:
    return SettingsError(_("{path}: not valid TOML (nested too deeply)").format(path=path))


def file_values() -> dict[str, Any]:
    """What the settings file itself holds (no environment, no defaults)."""
    import tomllib

    path = _readable(settings_path())
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(_("{path}: not valid TOML ({reason})")
                              .format(path=path, reason=exc)) from None
    except RecursionError:
        raise _too_deep(path) from None


def save(**changes: Any) -> Path:
    """Write changed settings to the file (None removes one), checked before writing. Only
    those values change: the user's comments, order and layout stay as they wrote them."""
    import tomlkit

    path = settings_path()
    _no_secrets(changes, path)
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
    _write_private(path, tomlkit.dumps(document).encode())
    settings.cache_clear()
    return path


def _document(path: Path) -> TOMLDocument:
    """The settings file as tomlkit reads it (comments and layout kept); empty when none."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    readable = _readable(path)
    if readable is None:
        return tomlkit.document()
    try:
        return tomlkit.parse(readable.read_text(encoding="utf-8"))
    except (ParseError, UnicodeDecodeError) as exc:
        raise SettingsError(_("{path}: not valid TOML ({reason})")
                              .format(path=path, reason=exc)) from None
    except OSError as exc:
        raise SettingsError(_("{path}: cannot read the settings file ({strerror})")
                              .format(path=path, strerror=exc.strerror)) from None


def _write_private(path: Path, data: bytes) -> None:
    """Replace the file atomically, readable by its owner only."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise SettingsError(_("{path}: cannot write the settings file ({strerror})")
                              .format(path=path, strerror=exc.strerror)) from None
