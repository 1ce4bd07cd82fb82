"""WeChat's numbers for Official Account registration, each stated once.

Source unless noted: the registration guide in shared/seed/000_07c3fa336e274076.txt
("How to Register a WeChat Official Account"), which reflects the WeChat Official
Accounts Platform (mp.weixin.qq.com) rules. Change a number here and every rule,
screen and checklist follows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# "One person can serve as the administrator for a maximum of five WeChat Official Accounts."
MAX_ACCOUNTS_PER_ADMIN = 5

# "One personal WeChat account can be an operator for up to five WeChat Official Accounts."
MAX_ACCOUNTS_PER_OPERATOR = 5

# "You can have up to five long-term operators and up to twenty short-term operators
#  (one-month expiration)."
MAX_LONG_TERM_OPERATORS = 5
MAX_SHORT_TERM_OPERATORS = 20
SHORT_TERM_OPERATOR_MONTHS = 1

# "You'll need to complete the verification process within thirty days" (WeChat
# Verification chosen as the authentication method; the account is temporary meanwhile).
VERIFICATION_WINDOW_DAYS = 30

# Verification is annual: "requires a 300RMB (~US$50) annual fee"; overseas
# "Verification for Overseas Official Accounts costs US$99 per year."
VERIFICATION_RENEWAL_YEARS = 1
CHINA_VERIFICATION_FEE = (Decimal("300"), "CNY")
OVERSEAS_VERIFICATION_FEE = (Decimal("99"), "USD")

# Bank-transfer authentication (支付验证): WeChat asks for a small random amount to be paid
# from the organization's corporate account within 10 days; it is refunded. (WeChat
# Official Accounts Platform, 注册流程 > 支付验证.)
BANK_TRANSFER_WINDOW_DAYS = 10

# "Your account logo and introduction can be changed up to five times per month."
PROFILE_CHANGES_PER_MONTH = 5

# Account name (名称): "only Chinese characters and alphanumeric characters"; the platform
# counts 4 to 30 characters with a Chinese character counting as two (mp.weixin.qq.com
# 名称设置规则: 4-30个字符, 1个汉字算2个字符).
ACCOUNT_NAME_MIN = 4
ACCOUNT_NAME_MAX = 30
ACCOUNT_NAME_CJK_WEIGHT = 2

# Introduction (功能介绍): 4 to 120 characters (mp.weixin.qq.com 功能介绍: 4-120个字).
INTRODUCTION_MIN = 4
INTRODUCTION_MAX = 120

# Operating area (运营地区): a short place name as picked from WeChat's list.
OPERATING_AREA_MAX = 40

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

# The Official Accounts Platform opened on 2012-08-23: no account was registered, verified
# or given an operator before it (a floor that catches a mistyped year).
PLATFORM_OPENED = date(2012, 8, 23)

# Answers-file format version this release reads and writes.
ANSWERS_VERSION = 1
