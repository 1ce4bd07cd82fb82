"""WeChat's numbers for Official Account registration, each stated once.

Source unless noted: the registration guide in shared/seed/000_07c3fa336e274076.txt
("How to Register a WeChat Official Account"), which reflects the WeChat Official
Accounts Platform (mp.weixin.qq.com) rules. Change a number here and every rule,
screen and checklist follows: texts name these constants as `{NAME}` placeholders, which
`forms.figures.fill` replaces when a text is shown (money and periods in one wording).

Where WeChat's own help (kf.qq.com, developers.weixin.qq.com) states a rule, the product
enforces it as an error; where only secondary sources (agency guides, reprints of WeChat's
announcements) state it, the product warns and names the rule, and the consultant decides.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple


class Money(NamedTuple):
    amount: Decimal
    currency: str  # ISO 4217: CNY, USD


class Source(NamedTuple):
    """Where a rule is stated: `agency` when only secondary sources (agency guides, reprints)
    state it - the product then warns and says so, where WeChat's own pages (or the guide
    this rulebook reads first) make it an error."""

    where: str
    agency: bool = False


GUIDE = Source("How to Register a WeChat Official Account (shared/seed), after mp.weixin.qq.com")


# "One person can serve as the administrator for a maximum of five WeChat Official Accounts."
# WeChat's FAQ agrees: 一个身份证号码只能绑定5个公众账号
# (kf.qq.com/faq/120911VrYVrA1510137JRRZr.html).
MAX_ACCOUNTS_PER_ADMIN = 5

# 管理员手机号码: 一个手机号码只能绑定5个公众账号 - one mobile number is the administrator's
# number of at most 5 Official Accounts (kf.qq.com/faq/120911VrYVrA1510137JRRZr.html). The same
# FAQ: the administrator confirms their identity by scanning a QR code with a WeChat that has a
# bank card in the administrator's own name bound to it, and should be the organization's own
# person (请勿填写非公司人员(如第三方运营)为管理员), not an outside agency. Error: official source.
MAX_ACCOUNTS_PER_MOBILE = 5

# Accounts per organization (同一主体), keyed by the Unified Social Credit Code: an enterprise,
# individual business (个体工商户) or other organization may register at most 2 Official
# Accounts since WeChat's announcement of 2018-11-16 (公众号注册数量调整: 企业类主体注册公众号
# 数量上限由5个调整为2个), government and media organizations 50. Sources are reprints of the
# announcement (m.21jingji.com/article/20181116/herald/df8a28b54e41062ca5c807cde7a05912.html,
# leather8.com/news/3203.html); we found no page of WeChat's own: a warning. Only China
# entities are counted: an overseas registration number is free text, not a checkable key.
MAX_ACCOUNTS_PER_ORGANIZATION = 2
MAX_ACCOUNTS_PER_GOVERNMENT_OR_MEDIA = 50
LARGE_QUOTA_ORG_TYPES = ("government", "media")

# "One personal WeChat account can be an operator for up to five WeChat Official Accounts."
# WeChat's own operator rules add: the operator's WeChat must follow the account, have a bank
# card bound and have account protection (帐号保护) turned on (如何绑定长期/短期运营者微信号?,
# developers.weixin.qq.com/community/develop/doc/0008c2e940c2c0c1d679e0fb95b409).
MAX_ACCOUNTS_PER_OPERATOR = 5

# "You can have up to five long-term operators and up to twenty short-term operators
#  (one-month expiration)."
# A short-term operator's term ends a month after the administrator approved it: from the
# day after, the operator is no longer bound, so neither the 20 short-term places nor the 5
# accounts a personal WeChat operates count it on the day checked, and the same WeChat may be
# bound again (a new line in the plan, with its own date).
MAX_LONG_TERM_OPERATORS = 5
MAX_SHORT_TERM_OPERATORS = 20
SHORT_TERM_OPERATOR_MONTHS = 1
OPERATOR_TERM_SOURCE = GUIDE

# "You'll need to complete the verification process within thirty days" (WeChat
# Verification chosen as the authentication method; the account is temporary meanwhile). A
# client who authenticated another way may still request verification later ("if you
# already intend to ... verify, choose the last option"): the fee applies, the window does not.
# An approval recorded after the window closed is a warning, not an error: WeChat's
# operating rules end a registration still unfinished 30 days after applying (1.15 如果申请后
# 30天仍未完成注册，公众号中的注册流程可能会被终止), so the client had to resubmit the application
# (a reprint of the rules: zscq.366861.com/zscqgs/sq30zaomku.html) and the recorded dates
# deserve a second look.
VERIFICATION_WINDOW_DAYS = 30
VERIFICATION_WINDOW_SOURCE = GUIDE
LATE_VERIFICATION_SOURCE = Source("微信公众平台运营规范 1.15, reprinted at "
                                  "zscq.366861.com/zscqgs/sq30zaomku.html", agency=True)

# Verification is requested whenever it is recorded as done: a verified account requested
# it. Answers that say `requested: false` beside a verification date contradict each other
# (an error naming both fields); without the answer, the date settles it.

# Verification is annual: "requires a 300RMB (~US$50) annual fee"; overseas
# "Verification for Overseas Official Accounts costs US$99 per year." The fee is paid per
# application (300元/次审核服务费用), the yearly renewal (年审) being another application,
# and is not refunded when the review fails (若认证审核失败,审核费用不予退还); verification
# lasts one year from approval and WeChat opens the renewal 3 months before it ends (认证
# 到期前3个月...提醒用户需要进行年审). Sources: reprints of WeChat's verification help
# (www.ee56.cn/v/helpcenter/help/help_a2.jsp, m.nrzw.com.cn/news_7499.html): the refund and
# renewal facts are stated on the checklist, not checked.
# Renewal, as the requirements model states it (forms/requirements.py): due one year after
# the last approval, open from 3 months before; `mark ID verified` records the new approval.
# Not renewed by then, the verification lapses: the badge and the verified details are
# removed and the name may be changed by WeChat (未通过年审的帐号名称可能被强制更改，认证标识及
# 认证信息将会被取消: the same reprints) - the portfolio shows it past due.
VERIFICATION_RENEWAL_YEARS = 1
RENEWAL_NOTICE_MONTHS = 3
RENEWAL_SOURCE = Source("WeChat's verification help, reprinted at www.ee56.cn/v/helpcenter/help/"
                        "help_a2.jsp and m.nrzw.com.cn/news_7499.html", agency=True)
CHINA_VERIFICATION_FEE = Money(Decimal("300"), "CNY")
OVERSEAS_VERIFICATION_FEE = Money(Decimal("99"), "USD")

# The review: Tencent starts it within 15 working days (15个工作日内展开资质审核工作) and the
# applicant may resubmit documents 3 times (3次重填/补充资料的机会), so a China client on the
# 30-day window submits at the latest 15 working days (China's calendar) before it closes.
# Source: a reprint of WeChat's verification FAQ (www.nbyuyuan.net/information/information/44):
# the checklist gives the day as advice.
VERIFICATION_REVIEW_WORKING_DAYS = 15
VERIFICATION_RESUBMISSIONS = 3
SUBMIT_SOURCE = Source("WeChat's verification FAQ, reprinted at "
                       "www.nbyuyuan.net/information/information/44", agency=True)

# The verification fee is waived for government organizations (微信公众平台针对政府类型的公众
# 帐号免收认证费用, m.nrzw.com.cn/news_7499.html, a reprint): the fee line says so, naming its
# source as agency guides, and the checklist asks no fee of them. Government
# and media organizations are said to authenticate by WeChat Verification only; we found no
# source stating it (the agency summary does): a warning that names the rule.
FEE_WAIVED_ORG_TYPES = ("government",)
FEE_WAIVER_SOURCE = Source("m.nrzw.com.cn/news_7499.html, a reprint", agency=True)
VERIFICATION_ONLY_ORG_TYPES = ("government", "media")

# Documents for verification. Overseas: WeChat's application letter, the company registration
# certificate or business license, the contact person's ID or passport, and a mobile phone bill
# or bank statement of the contact covering the last 3 months (vivacity.freshdesk.com/en/support/
# solutions/articles/43000621120-verify-your-overseas-wechat-account); the forms also ask the
# office address and phone and the business bank account, held in the company's exact name
# (dragontrail.com/resources/blog/how-to-register-an-official-account-on-wechat-november-2018-
# update). China: the business license and the stamped application letter (申请公函).
OVERSEAS_STATEMENT_MONTHS = 3

# Renaming: the article says the name "can only be changed by going through the WeChat
# verification process again (and paying another 300RMB)". WeChat's newer rules (reprinted at
# 3dmxku.com/daquan/zonghe/4480852.html; the 2016 announcement at 5iec.com/html/xwzx/
# inustry_news/4693.html) allow a personal account 2 renames a year, and an organization's
# account one new name per verification, re-verification or annual review - each an
# application with its fee. Organizations are our clients, so both sources agree for them.
NAME_CHANGES_PER_VERIFICATION = 1

# Bank-transfer authentication (支付验证): WeChat asks for a small random amount to be paid
# from the organization's corporate account within 10 days; it is refunded. (WeChat
# Official Accounts Platform, 注册流程 > 支付验证.) The 10 days count from registering (信息登记
# 填写并提交后，10天内), and an account whose transfer is not verified cannot be used (申请的微信
# 公众帐号将无法使用: WeChat's FAQ on the transfer, reprinted at 37rj.com/faq/10579), so being
# registered does not settle it: the payment is satisfied once recorded as paid (`mark ID
# paid`), or once WeChat Verification is approved - the verification review confirms the
# organization itself (the same FAQ: a transfer made at registration spares verification its
# own transfer check, and the reverse holds for an approved account).
BANK_TRANSFER_WINDOW_DAYS = 10
BANK_TRANSFER_SOURCE = Source("mp.weixin.qq.com 注册流程 > 支付验证; the transfer FAQ, "
                              "reprinted at 37rj.com/faq/10579")

# "Your account logo and introduction can be changed up to five times per month."
PROFILE_CHANGES_PER_MONTH = 5

# Group messages (群发): a Subscription account sends 1 a day, a Service account 4 a month
# (订阅号每天可以发送1条群发消息; 服务号1个月内仅可以发送4条群发消息: github.com/w1zd/wechat-dev,
# blog.csdn.net/weixin_45433031/article/details/127771518). WeChat Pay: WeChat Pay's own page
# says to apply with a Service account, or a government or media Subscription account, once
# verified (选择帐号类型为服务号、或政府/媒体订阅号，并完成微信认证: pay.weixin.qq.com/guide/
# webbased_payment.shtml); the sources above said a Subscription account never gets it, which
# WeChat's page corrects. The other advanced interfaces (template messages and the like) stay a
# verified Service account's. The article: "Unless you're a media company, we generally
# recommend Service accounts". The account-type advisor (forms/advisor.py) reasons with these.
SUBSCRIPTION_BROADCASTS_PER_DAY = 1
SERVICE_BROADCASTS_PER_MONTH = 4
WECHAT_PAY_SUBSCRIPTION_ORG_TYPES = ("government", "media")
WECHAT_PAY_SOURCE = Source("pay.weixin.qq.com/guide/webbased_payment.shtml")

# Account name (名称): "only Chinese characters and alphanumeric characters"; the platform
# counts 4 to 30 characters with a Chinese character counting as two (mp.weixin.qq.com
# 名称设置规则: 4-30个字符, 1个汉字算2个字符).
ACCOUNT_NAME_MIN = 4
ACCOUNT_NAME_MAX = 30
ACCOUNT_NAME_CJK_WEIGHT = 2

# The name is unique on the whole platform ("Your account name is required to be unique"; the
# backend says so in red: 基于账号名称唯一原则，请重新提交一个新名称。如果你认为已有名称侵犯了你的
# 合法权益，可以进行侵权投诉, reprinted at news.cnyes.com/news/id/868743). When it is taken, WeChat
# shows the account that holds it, and a client whose trademark it infringes may file an
# infringement complaint (侵权投诉, the article; 公众平台左下方侵权投诉入口): the checklist says so.
#
# Marks WeChat reserves: WeChat's naming rules for verified accounts refuse a name that is not
# Tencent's or WeChat's own but contains 腾讯 or 微信 (非腾讯官方、微信官方但名称包含"腾讯""微信"等,
# 微信认证帐号命名规则说明, reprinted at static.kancloud.cn/w469001293/wx_zh/1112006), and WeChat's
# own name check answers a name such as 腾讯 with a request for proof of the right to use it, or
# the review may fail (developers.weixin.qq.com/doc/oplatform/openApi/miniprogram-management/
# basic-info-management/api_checknickname). The refusal is only in a reprint and the own page
# asks for proof rather than refusing: a warning, compared without case. Latin forms are the
# brands' own spellings (WeChat, Weixin, Tencent).
RESERVED_NAME_MARKS = ("微信", "腾讯", "WeChat", "Weixin", "Tencent")
RESERVED_NAME_SOURCE = Source("微信认证帐号命名规则说明, reprinted at "
                              "static.kancloud.cn/w469001293/wx_zh/1112006", agency=True)
NAME_UNIQUE_SOURCE = GUIDE

# The login email: WeChat's own registration guide asks for one never registered on the
# Official Accounts Platform (a Mini Program or another Official Account), the Open Platform
# or WeCom, and not bound to a personal WeChat (请填写未注册过公众平台、开放平台、企业号、未绑定
# 个人号的邮箱: developers.weixin.qq.com/miniprogram/introduction/, 1.3 填写邮箱和密码; the same
# form registers every account type of mp.weixin.qq.com). The checklist states it; only the
# portfolio's own emails can be checked (one per account, forms/ledger.py).
LOGIN_EMAIL_SOURCE = Source("developers.weixin.qq.com/miniprogram/introduction/ "
                            "(1.3 填写邮箱和密码)")

# Introduction (功能介绍): 4 to 120 characters (mp.weixin.qq.com 功能介绍: 4-120个字).
INTRODUCTION_MIN = 4
INTRODUCTION_MAX = 120

# Operating area (运营地区): a short place name as picked from WeChat's list.
OPERATING_AREA_MAX = 40

# The client's label is ours, not WeChat's: at most as long as the portfolio keeps and shows
# it (the store's client column), the same in the wizard and the answers file.
CLIENT_MAX = 200

# Administrator, China: an 18-character resident ID (身份证) and a +86 mobile that receives
# an SMS code. Overseas: full name and passport number.
CHINA_COUNTRY_CODE = 86
PASSPORT_MIN = 6
PASSPORT_MAX = 20

# Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters.
CREDIT_CODE_LENGTH = 18

# WeChat ID (微信号) rules from the WeChat app: 6-20 characters, starting with a letter,
# then letters, digits, underscores or hyphens.
WECHAT_ID_MIN = 6
WECHAT_ID_MAX = 20

# Regions an overseas entity can choose: the article says the drop-down "includes most countries
# and regions of the world with 'popular' regions listed first". We found no complete published
# list of eligible regions (an agency's list for Mini Programs, wechat.azoyagroup.com/register-
# wechat-mini-program, is cut short, and WeChat's own page says "over 200 countries and regions":
# developers.weixin.qq.com/community/business/doc/000a86174e81f0836172539ce6140d), so no region
# is warned about; forms/regions.py lists popular regions first.

# The Official Accounts Platform opened on 2012-08-23: no account was registered, verified
# or given an operator before it (a floor that catches a mistyped year).
PLATFORM_OPENED = date(2012, 8, 23)

# Answers-file format version this release reads and writes.
ANSWERS_VERSION = 1
