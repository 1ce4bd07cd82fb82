"""wechat-onboarding: register WeChat Official Accounts for clients."""

__version__ = "0.1.0"
