"""Issues shown to people name the field's label, not the answers-file path."""

from __future__ import annotations

import pytest

from forms.issues import Issue
from onboarding.questions import described


@pytest.mark.parametrize(("entity", "path", "shown"), [
    ("overseas", "organization.registration_number", "Business registration number (注册号): "),
    ("china", "admin.mobile", "Administrator's mobile (管理员手机号码): "),
    ("china", "operators[1].added_on", "Operators #2, Added on (绑定日期): "),
    ("china", "lifecycle", "lifecycle: "),  # not asked by the wizard: the file's path
])
def test_issue_described_by_label(entity: str, path: str, shown: str) -> None:
    assert described(entity, Issue(path, "the message")) == f"{shown}the message"
