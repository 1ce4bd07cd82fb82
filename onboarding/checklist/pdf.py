"""The checklist as PDF: the HTML layout printed by WeasyPrint (the optional `pdf` extra).

A PDF is never written with missing glyphs: before printing, every character of the
document must be covered by a font installed on the machine (fontconfig, as WeasyPrint
itself uses), or the reader is told which font to install.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache

from onboarding.i18n import N_, _, ngettext

EXTRA = "pip install 'wechat-onboarding[pdf]'"
FONT_HELP = N_(
    "install a Chinese font: Debian/Ubuntu `apt install fonts-noto-cjk`, Fedora "
    "`dnf install google-noto-sans-cjk-fonts`; macOS and Windows ship PingFang SC and "
    "Microsoft YaHei"
)


class PdfError(Exception):
    """The PDF cannot be made here: one line that says what to install."""


def _ranges(charset: str) -> Iterable[tuple[int, int]]:
    for part in charset.split():
        first, _, last = part.partition("-")
        yield int(first, 16), int(last or first, 16)


@cache
def installed_coverage() -> tuple[tuple[int, int], ...]:
    """Every code point range some installed font draws, merged (from `fc-list`)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise PdfError(_("cannot check the installed fonts: fontconfig's fc-list is missing "
                         "(it comes with WeasyPrint's fontconfig)"))
    try:
        out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True,
                             text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise PdfError(_("cannot list the installed fonts ({reason})").format(reason=exc)
                       ) from None
    merged: list[tuple[int, int]] = []
    for first, last in sorted(r for line in out.splitlines() for r in _ranges(line)):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` no installed font can draw (spaces and controls aside)."""
    coverage = installed_coverage()
    starts = [first for first, _ in coverage]
    missing = []
    for char in sorted(set(text)):
        point = ord(char)
        if char.isspace() or point < 0x20:
            continue
        i = bisect.bisect_right(starts, point) - 1
        if i < 0 or point > coverage[i][1]:
            missing.append(char)
    return missing


_TAGS = re.compile(r"<[^>]*>")


def render_pdf(html: str) -> bytes:
    """Print the checklist's HTML to PDF bytes, fonts embedded; refuse missing glyphs."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise PdfError(_("writing PDF needs the optional extra: {extra}").format(extra=EXTRA)
                       ) from None
    except OSError as exc:  # the extra is installed but Pango is not
        raise PdfError(_("WeasyPrint cannot start ({reason}); see its installation guide"
                         ).format(reason=exc)) from None

    missing = missing_glyphs(html_lib.unescape(_TAGS.sub(" ", html)))
    if missing:
        shown = "".join(missing[:12]) + ("…" if len(missing) > 12 else "")
        raise PdfError(ngettext(
            "no installed font can draw {count} character of the checklist ({shown}): {help}",
            "no installed font can draw {count} characters of the checklist ({shown}): {help}",
            len(missing)).format(count=len(missing), shown=shown, help=_(FONT_HELP)))
    return HTML(string=html).write_pdf()
