"""A registration's client link: make one (its address, and a QR code the client scans with
WeChat where `qrcode` is installed), see whether the client answered and what they changed,
accept it into the registration, send it back with a note, or revoke it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Static

from forms.controls import find, printable
from forms.masking import masked
from forms.words import Term
from onboarding import links, portfolio
from onboarding.i18n import _, said_error
from onboarding.links import PARTS, change_lines, part_group
from onboarding.locations import DEFAULT_PUBLIC_URL
from onboarding.settings import SettingsError, settings
from onboarding.store.errors import StoreError
from onboarding.tui.widgets.dialogs import Dialog
from onboarding.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from onboarding.store import Store
    from onboarding.store.links import LinkInfo


def qr_text(url: str) -> Text | None:
    """The address as a QR code drawn with half blocks, dark on light as a scanner wants it;
    None without the `qrcode` package."""
    try:
        import qrcode
    except ImportError:
        return None
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(url)
    code.make(fit=True)
    rows = code.get_matrix()
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        lines.append("".join("█" if t and b else "▀" if t else "▄" if b else " "
                             for t, b in zip(top, bottom, strict=True)))
    return Text("\n".join(lines), style="#000000 on #ffffff", no_wrap=True)


def _when(moment: datetime | None) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}" if moment else "-"


class LinkDialog(Dialog):
    """The client link of one registration (`l` on the portfolio)."""

    def __init__(self, store: Store, reg_id: int, client: str) -> None:
        super().__init__()
        self.store, self.reg_id, self.client = store, reg_id, client
        self.url: str | None = None  # shown once, when the link is made
        self.problem = ""
        self.note = ""

    def keep(self) -> None:
        if self.query("#link-note"):
            self.note = self.query_one("#link-note", Input).value

    def compose(self) -> ComposeResult:
        link = self._link()
        with Vertical(classes="dialog", id="link-dialog"):
            yield Static(_("Client link · #{id} {client}").format(
                id=self.reg_id, client=printable(self.client)), markup=False, classes="title")
            with VerticalScroll(id="link-body"):
                yield Static(self._state(link), markup=False, id="link-state")
                if self.url:  # the code first: whole in view to scan, the address below
                    code = qr_text(self.url)
                    yield Static(code if code is not None else _(
                        "(install qrcode, part of the web extra, to show a QR code here)"),
                        id="link-qr", markup=False)
                    yield Static(_("Send this address to the client (it opens once):"),
                                 markup=False)
                    yield Input(self.url, id="link-url")
                if link is not None and link.state == portfolio.ANSWERED:
                    for line in self._changes(link):
                        yield Static(line, markup=False, classes="link-change")
                    yield Input(self.note, placeholder=_("A note for the client (to send "
                                                         "it back)"), id="link-note")
                if link is None or link.status() == portfolio.EXPIRED:
                    with Horizontal(id="link-parts"):
                        for part in links.PARTS:
                            yield Checkbox(_part_name(part), value=True, id=f"part-{part}")
                if self.problem:
                    yield Static(self.problem, markup=False, classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                if link is not None and link.state == portfolio.ANSWERED:
                    yield Button(_("Send back"), id="send-back")
                    yield Button(_("Accept"), variant="success", id="accept")
                if link is not None:
                    yield Button(_("Revoke"), variant="error", id="revoke")
                yield Button(_("New link"), variant="primary", id="make")
                yield Button(_("Close"), classes="cancel", id="close")

    def on_mount(self) -> None:
        self.query_one("#close").focus()

    # -- what is shown ----------------------------------------------------------------

    def _link(self) -> LinkInfo | None:
        try:
            return self.store.link(self.reg_id)
        except StoreError as exc:
            self.problem = printable(said_error(exc))
            return None

    def _state(self, link: LinkInfo | None) -> str:
        if link is None:
            return _("No link open. A new link lets the client fill in the parts ticked "
                     "below on their phone, served by `onboarding serve`.")
        status = link.status()
        parts = _(", ").join(_part_name(p) for p in link.parts)
        if status == portfolio.ANSWERED:
            return _("The client sent their answers on {when} ({parts}).").format(
                when=_when(link.answered_at), parts=parts)
        if status == portfolio.EXPIRED:
            return _("The link expired on {when} ({parts}): make a new one.").format(
                when=_when(link.expires_at), parts=parts)
        opened = _(", opened on {when}").format(when=_when(link.opened_at)) \
            if link.opened_at else ""
        said = _("The link is open until {when}{opened} ({parts}).").format(
            when=_when(link.expires_at), opened=opened, parts=parts)
        if link.note:
            said += "\n" + _("Sent back: {note}").format(note=printable(link.note))
        return said

    def _changes(self, link: LinkInfo) -> list[str]:
        try:
            record = self.store.get(self.reg_id)
        except StoreError as exc:
            return [printable(said_error(exc))]
        before = (record.edit or record.state).get("answers") or {}

        def shown(path: str, value: object) -> str:
            return "-" if value in (None, "") else printable(
                masked(tuple(path.split(".")), value))

        lines = change_lines(record.flow, before, link.answers, link.parts, shown)
        if not lines:
            return [_("The client changed nothing.")]
        return [_("What the client changed:")] + [f"* {line}" for line in lines]

    # -- actions ----------------------------------------------------------------------

    async def _again(self, problem: str = "") -> None:
        self.problem = problem
        self.keep()
        await self.recompose()

        await self.mount(KeysFooter())

    @on(Button.Pressed, "#make")
    async def make(self) -> None:
        chosen = [p for p in PARTS if not self.query(f"#part-{p}")
                  or self.query_one(f"#part-{p}", Checkbox).value]
        if not chosen:
            await self._again(_("Tick at least one part."))
            return
        try:
            base = settings().public_url or DEFAULT_PUBLIC_URL
            token, _info = self.store.make_link(self.reg_id, chosen)
        except (StoreError, SettingsError) as exc:
            await self._again(printable(said_error(exc)))
            return
        self.url = f"{base}/c/{token}"
        await self._again()

    @on(Button.Pressed, "#revoke")
    async def revoke(self) -> None:
        try:
            self.store.revoke_link(self.reg_id)
        except StoreError as exc:
            await self._again(printable(said_error(exc)))
            return
        self.url = None
        self.notify(_("#{id}: the client link is revoked").format(id=self.reg_id))
        await self._again()

    @on(Button.Pressed, "#accept")
    async def accept(self) -> None:
        try:
            self.store.accept_link(self.reg_id, self.store.checker(self.reg_id))
        except StoreError as exc:
            await self._again(printable(said_error(exc)))
            return
        self.notify(_("#{id}: the client's answers are in the registration").format(
            id=self.reg_id))
        self.dismiss(None)

    @on(Button.Pressed, "#send-back")
    async def send_back(self) -> None:
        note = self.query_one("#link-note", Input).value.strip()
        if find(note) or len(note) > 500:
            await self._again(_("the note must be one line of at most 500 characters"))
            return
        try:
            self.store.send_back_link(self.reg_id, note)
        except StoreError as exc:
            await self._again(printable(said_error(exc)))
            return
        self.notify(_("#{id}: sent back to the client").format(id=self.reg_id))
        self.dismiss(None)


def _part_name(part: str) -> str:
    """A part by the name the wizard gives its group (管理员信息 in Chinese)."""
    group = part_group("china", part, {})
    return Term(group.meta.en, group.meta.zh, paired=False).render(_)
