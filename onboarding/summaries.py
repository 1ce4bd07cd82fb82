"""Each command's line in `onboarding --help`: the listing of the commands reads them here
without importing one command module (nor `onboarding.commands`, whose shared helpers a
listing does not need); each command declares itself with its own line from here."""

from __future__ import annotations

from onboarding.i18n import N_

SUMMARIES = {
    "new": N_("open the wizard on a new registration"),
    "resume": N_("continue a registration in the wizard"),
    "validate": N_("check answers files against every WeChat rule"),
    "checklist": N_("write the printable registration checklist (Markdown, HTML or PDF)"),
    "advise": N_("recommend Subscription or Service for a client, with the reasons"),
    "schema": N_("print the JSON Schema of the answers file"),
    "flows": N_("list the registration paths and their steps"),
    "import": N_("add answers files to the portfolio"),
    "list": N_("list the registrations in the portfolio"),
    "show": N_("show one registration: status, deadlines, answers"),
    "export": N_("write a registration back to an answers file"),
    "remove": N_("delete a registration (asks first)"),
    "purge": N_("remove a verified registration's personal data (asks first)"),
    "mark": N_("record that an account was registered, verified or paid, or its verification "
               "submitted"),
    "history": N_("who changed a registration, when, and which fields"),
    "deadlines": N_("what is due or past due across the portfolio"),
    "errors": N_("look up WeChat API error codes (返回码)"),
    "key": N_("show where the store's key lives, or rotate it"),
    "config": N_("show or change settings (consultant name, language, folders)"),
    "link": N_("give the client a one-time link to fill in their part on a phone"),
    "serve": N_("serve the clients' link pages (needs the web extra)"),
}
