"""What a consultant tells the client at each step: the help panel of the wizard.

Domain knowledge in the product's own words, kept beside the rules it explains so the
TUI only displays it.
"""

from __future__ import annotations

from forms import rulebook

STEP_GUIDANCE: dict[str, str] = {
    "start": (
        "Which path? It depends on who holds the business license. A company with a "
        "Mainland-China business license - a WFOE counts, it is a Chinese company - takes "
        "the China path: its administrator needs a Chinese resident ID and a +86 mobile. "
        "Any other company takes the overseas path: the administrator gives a passport "
        "number and an international mobile, and only a Service account can be opened."
    ),
    "account_type": (
        "Choose Service (服务号) unless the client is a media company; Subscription "
        "(订阅号) suits publishing. The type is very hard or impossible to change after "
        "registering, so settle it with the client now, and ask for advice if unsure."
    ),
    "email": (
        "The login of the account, verified by WeChat during registration: the client must "
        "be able to open that inbox. An email serves one Official Account only. The "
        "business, not the administrator, should control this email and its password."
    ),
    "region": (
        "The region that issued the business license, not where the client sells. "
        "A Mainland-China entity is always CN; WeChat lists popular regions first."
    ),
    "organization": (
        "Type everything exactly as printed on the business license: WeChat compares it. "
        "The administrator (管理员) is the person who confirms sensitive actions by "
        "scanning QR codes - adding operators, resetting the AppSecret. The business owns "
        "the account, not the administrator. One person may administer at most "
        f"{rulebook.MAX_ACCOUNTS_PER_ADMIN} Official Accounts."
    ),
    "authentication": (
        "How WeChat confirms the organization. WeChat Verification (微信认证) costs "
        f"300 RMB a year and must be finished within {rulebook.VERIFICATION_WINDOW_DAYS} "
        "days of registering; the account is temporary until then. Bank transfer (支付验证): "
        "pay a small random amount from the corporate account within "
        f"{rulebook.BANK_TRANSFER_WINDOW_DAYS} days; it is refunded. Legal representative "
        "(法定代表人验证): the legal representative confirms in WeChat with a bank card in "
        "their own name."
    ),
    "profile": (
        "The public face of the account. The name must be unique on WeChat and can only "
        "change later by verifying again; logo and introduction can change "
        f"{rulebook.PROFILE_CHANGES_PER_MONTH} times a month."
    ),
    "verification": (
        "WeChat Verification gives the verified badge and the advanced interfaces; it is "
        "renewed every year. China: 300 RMB a year, within 30 days of registering. "
        "Overseas: optional, US$99 a year. Record the registration date when you have it: "
        "the deadlines count from it."
    ),
    "operators": (
        "People who run the account day to day from their personal WeChat - add yourself "
        "as the owner's operator so you never need the administrator to log in. At most "
        f"{rulebook.MAX_LONG_TERM_OPERATORS} long-term and "
        f"{rulebook.MAX_SHORT_TERM_OPERATORS} short-term operators (a short-term one "
        "expires after one month). Each needs a bank card bound in WeChat and must follow "
        "the account; the administrator approves each one by scanning a QR code. One "
        f"personal WeChat can operate at most {rulebook.MAX_ACCOUNTS_PER_OPERATOR} accounts."
    ),
}
