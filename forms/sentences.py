"""The platform's rules as a person reads them: one named sentence per fact, written once.

The numbers live in `forms.rulebook`; the facts said in words live here, beside it. Each is
an English msgid (marked, so the catalog translates it once) that names rulebook figures as
`{NAME}` (filled when it is said, in the reader's language), with its source. The step help
(`forms.registry`), the fields' help (`forms.steps`, `forms.registration`), the advisor, the
wizard and the checklist compose their texts from these (`forms.words.Sentences`), so a
fact is changed in one place and said the same everywhere. "The guide" is the registration
article named at the top of `forms.rulebook`.
"""

from __future__ import annotations

from forms.words import N_, Listed, Message

# -- the administrator --------------------------------------------------------------------

# WeChat's FAQ (kf.qq.com/faq/120911VrYVrA1510137JRRZr.html): 请勿填写非公司人员(如第三方运营)为
# 管理员. See rulebook.MAX_ACCOUNTS_PER_MOBILE.
ADMIN_OWN_PERSON = N_("The administrator should be the organization's own person (an employee "
                      "or manager), not an outside agency.")

# The guide: the administrator is needed to add operators and reset the AppSecret;
# WeChat confirms such actions by the administrator's scan of a QR code.
ADMIN_CONFIRMS = N_("The administrator (管理员) confirms sensitive actions by scanning a QR "
                    "code with WeChat: adding operators, resetting the developer AppSecret.")

# The guide: the business owns the account, not the admin.
ORGANIZATION_OWNS = N_("The organization owns the account, not the administrator.")

# WeChat's FAQ (as ADMIN_OWN_PERSON): a China administrator confirms who they are by scanning
# a QR code with a WeChat that has a bank card in their own name bound to it.
ADMIN_BANK_CARD = N_("The administrator's WeChat needs a bank card in their own name bound to "
                     "it: scanning the QR code confirms who they are; nothing is charged.")

# rulebook.MAX_ACCOUNTS_PER_ADMIN, MAX_ACCOUNTS_PER_MOBILE (WeChat's FAQ).
ADMIN_LIMIT = N_("One person may administer at most {MAX_ACCOUNTS_PER_ADMIN} Official "
                 "Accounts.")
MOBILE_LIMIT = N_("One mobile number may be the administrator's mobile of at most "
                  "{MAX_ACCOUNTS_PER_MOBILE} Official Accounts.")

# -- operators ----------------------------------------------------------------------------

# WeChat's operator rules (rulebook.MAX_ACCOUNTS_PER_OPERATOR): what each operator needs.
OPERATOR_NEEDS = (
    N_("a personal WeChat account with a bank card bound to it"),
    N_("account protection (帐号保护) turned on in that WeChat"),
    N_("to follow the new Official Account before being invited"),
    N_("the administrator to scan a QR code approving the invitation"),
    N_("to operate no more than {MAX_ACCOUNTS_PER_OPERATOR} Official Accounts in all"),
)
OPERATOR_NEEDS_SAID = Message(N_("Each operator needs {needs}."), needs=Listed(
    [Message(need) for need in OPERATOR_NEEDS], N_("; ")))

# The guide (rulebook.MAX_LONG_TERM_OPERATORS, MAX_SHORT_TERM_OPERATORS,
# SHORT_TERM_OPERATOR_MONTHS).
OPERATOR_LIMITS = N_("At most {MAX_LONG_TERM_OPERATORS} long-term and "
                     "{MAX_SHORT_TERM_OPERATORS} short-term operators; a short-term operator "
                     "expires {SHORT_TERM_OPERATOR} after being added.")

# -- what a verified account may do -------------------------------------------------------

# WeChat Pay's own page (rulebook.WECHAT_PAY_SOURCE): a Service account, or a government or
# media organization's Subscription account, once verified; the other advanced interfaces
# stay a verified Service account's.
PAY_AND_INTERFACES = N_(
    "WeChat Pay needs a verified Service account, or a verified Subscription account of a "
    "government or media organization (WeChat Pay's own page); the other advanced interfaces "
    "(template messages and the like) need a verified Service account.")

# -- authentication (China) ---------------------------------------------------------------

# The guide (rulebook.VERIFICATION_WINDOW_DAYS): WeChat Verification chosen as the
# method is finished within 30 days, the account temporary meanwhile.
AUTH_BY_VERIFICATION = N_("WeChat Verification (微信认证) as the authentication method: "
                          "finished within {VERIFICATION_WINDOW} of registering, the account "
                          "temporary until then.")
# WeChat Official Accounts Platform, 注册流程 > 支付验证 (rulebook.BANK_TRANSFER_WINDOW_DAYS).
AUTH_BY_BANK_TRANSFER = N_("Bank transfer (支付验证): a small random amount paid from the "
                           "organization's corporate bank account within "
                           "{BANK_TRANSFER_WINDOW} of registering; it is refunded.")
# WeChat Official Accounts Platform, 注册流程 > 法定代表人验证.
AUTH_BY_LEGAL_REPRESENTATIVE = N_("Legal representative (法定代表人验证): the legal "
                                  "representative confirms in WeChat, with a bank card in "
                                  "their own name bound to it.")
# The guide: "if you already intend to ... verify, choose the last option" - another
# method may still request verification later; the fee applies, the window does not.
VERIFY_LATER = N_("With another method, WeChat Verification can still be requested later, with "
                  "no deadline.")

# -- the account --------------------------------------------------------------------------

# The guide and WeChat's announcements (rulebook.NAME_CHANGES_PER_VERIFICATION).
RENAMING = N_("The account name can be changed only through WeChat Verification: "
              "{NAME_CHANGES_PER_VERIFICATION} new name with each verification, "
              "re-verification or annual review, each an application paid like the first.")

# The guide (rulebook.PROFILE_CHANGES_PER_MONTH).
PROFILE_CHANGES = N_("The logo and the introduction can each be changed at most "
                     "{PROFILE_CHANGES_PER_MONTH} times a month.")

# The guide: the account type is very hard to change later.
TYPE_IS_FINAL = N_("The account type is very difficult or impossible to change after "
                   "registering.")

# The guide: a unique email per Official Account (forms.ledger checks it).
ONE_EMAIL = N_("An email serves one Official Account only.")

# The guide: an overseas entity registers a Service account only.
OVERSEAS_SERVICE_ONLY = N_("An overseas entity can only register a Service account (服务号).")

# -- verification -------------------------------------------------------------------------

# The guide (rulebook.OVERSEAS_VERIFICATION_FEE, VERIFICATION_RENEWAL_YEARS).
OVERSEAS_VERIFICATION = N_("Optional for an overseas entity: {OVERSEAS_VERIFICATION_FEE} per "
                           "application; it gives the verified badge and can start right after "
                           "registering.")

# Verification lasts a year; WeChat opens the renewal 3 months before it ends (rulebook.
# VERIFICATION_RENEWAL_YEARS, RENEWAL_NOTICE_MONTHS and their sources).
RENEWAL = N_("WeChat Verification lasts {VERIFICATION_RENEWAL} and is renewed from "
             "{RENEWAL_NOTICE} before it ends.")

# What WeChat Verification asks for (rulebook.OVERSEAS_STATEMENT_MONTHS and its sources).
CHINA_DOCUMENTS = N_("the business license (营业执照) and the application letter (申请公函) "
                     "stamped with the organization's seal")
OVERSEAS_DOCUMENTS = N_(
    "WeChat's application letter (downloaded when starting verification), the company "
    "registration certificate or business license, the contact person's ID card or "
    "passport, and the contact person's mobile phone bill or bank statement covering the "
    "last {OVERSEAS_STATEMENT}; the forms also ask the office address and phone number, "
    "and the business bank account, held in the company's exact name")

# -- after registering, and facts a checklist states before it (from forms.requirements) ----

# The yearly renewal, on a checklist: the fee, when it opens and by when.
RENEWAL_TERMS = N_("WeChat Verification is renewed every year, an application paid like the "
                   "first ({fee}): the renewal opens on {opens} and must be approved by {ends}, "
                   "or the verification lapses (agency guides: the badge and the verified "
                   "details are removed, and WeChat may change the name)")
LAPSED = N_("The verification lapsed on {ends}: apply for it again ({fee}) to get the badge "
            "and the verified details back")

# Facts a checklist states before registering, each with its rule in the rulebook
# (LOGIN_EMAIL_SOURCE, NAME_UNIQUE_SOURCE, FEE_WAIVER_SOURCE).
LOGIN_EMAIL = N_("The login email {email}: never registered on the WeChat platforms before "
                 "(not for another Official Account, a Mini Program, the Open Platform or "
                 "WeCom) and not bound to a personal WeChat, with an inbox someone can open "
                 "during registration.")
NAME_UNIQUE = N_("The account name, introduction and operating area below, agreed in advance. "
                 "The name must be unique on all of WeChat: when it is taken, WeChat shows the "
                 "account that holds it; choose another, or, if that account infringes the "
                 "client's trademark, file an infringement complaint (侵权投诉) from the "
                 "platform's home page.")
NO_FEE_ACTION = N_("In the backend, Settings > WeChat Verification (设置 > 微信认证): upload the "
                   "documents; agency guides say no fee is asked of a {type} organization.")

# forms.personal: what `onboarding purge` removes (the values the store seals).
REMOVES = N_("the administrator's name, ID or passport number and mobile, the login email, "
              "and the operators' names and WeChat IDs")
