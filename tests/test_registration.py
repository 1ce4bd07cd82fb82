"""Whole-registration rules: variants, cross-step rules, paths in error messages."""

from __future__ import annotations

import pytest

import forms
from forms.issues import Issue
from forms.registry import STEP
from tests.helpers import china, overseas


def paths(data: dict) -> dict[str, str]:
    return {i.path: i.message for i in forms.validate(data).errors}


def test_examples_are_valid() -> None:
    assert forms.validate(china()).ok
    assert forms.validate(overseas()).ok


def test_entity_must_be_china_or_overseas() -> None:
    assert "china" in paths({**china(), "entity": "mars"})["entity"]
    assert "entity" in paths({k: v for k, v in china().items() if k != "entity"})


def test_account_type_values() -> None:
    assert "must be" in paths({**china(), "account_type": "enterprise"})["account_type"]
    assert forms.validate({**china(), "account_type": "subscription"}).ok


def test_overseas_may_only_choose_service() -> None:
    assert "only register a Service" in paths({**overseas(), "account_type": "subscription"})[
        "account_type"
    ]


def test_region_matches_entity() -> None:
    assert "region CN" in paths({**china(), "region": "HK"})["region"]
    assert "not CN" in paths({**overseas(), "region": "cn"})["region"]
    assert "ISO 3166-1" in paths({**overseas(), "region": "XX"})["region"]
    assert forms.validate({**overseas(), "region": "hk"}).registration.region == "HK"


def test_china_admin_needs_plus86_mobile_and_resident_id() -> None:
    data = china()
    data["admin"]["mobile"] = "+49 151 23456789"
    assert "+86" in paths(data)["admin.mobile"]
    data = china()
    data["admin"]["passport_number"] = data["admin"].pop("id_number")
    found = paths(data)
    assert found["admin.id_number"] == "required"
    assert "unknown key" in found["admin.passport_number"]


def test_overseas_admin_needs_passport() -> None:
    data = overseas()
    del data["admin"]["passport_number"]
    assert paths(data)["admin.passport_number"] == "required"


def test_china_organization_type_and_credit_code() -> None:
    data = china()
    data["organization"]["type"] = "company"
    data["organization"]["registration_number"] = "91310115MA1H7GXX0B"
    found = paths(data)
    assert "must be" in found["organization.type"]
    assert "check character" in found["organization.registration_number"]


def test_overseas_business_number_is_a_warning_only() -> None:
    data = overseas()
    data["organization"]["registration_number"] = "HRB-nonsense"
    result = forms.validate(data)
    assert result.ok
    assert [w.path for w in result.warnings] == ["organization.registration_number"]
    data["region"] = "HK"  # no format known: accepted silently
    assert forms.validate(data).warnings == []


def test_us_ein_checked() -> None:
    data = {**overseas(), "region": "US"}
    data["organization"] = {"name": "Acme Inc", "registration_number": "04-2103594"}
    assert forms.validate(data).warnings == []
    data["organization"]["registration_number"] = "00-0000000"
    assert forms.validate(data).warnings


def test_unknown_keys_are_errors_at_every_level() -> None:
    data = china()
    data["emial"] = "x@y.cn"
    data["profile"]["nmae"] = "x"
    data["operators"][0]["nick"] = "x"
    found = paths(data)
    assert {"emial", "profile.nmae", "operators[0].nick"} <= set(found)


def test_authentication_is_china_only() -> None:
    assert "unknown key" in paths({**overseas(), "authentication": "bank_transfer"})[
        "authentication"
    ]
    assert "must be" in paths({**china(), "authentication": "fax"})["authentication"]


def test_operator_limits() -> None:
    data = china()
    data["operators"] = [
        {"name": f"L{i}", "wechat_id": f"long_op{i}", "term": "long"} for i in range(6)
    ]
    assert "at most 5 long-term" in paths(data)["operators"]
    data["operators"] = data["operators"][:5] + [
        {"name": f"S{i}", "wechat_id": f"short_op{i}", "term": "short"} for i in range(20)
    ]
    assert forms.validate(data).ok
    data["operators"].append({"name": "S", "wechat_id": "short_op20", "term": "short"})
    assert "at most 20 short-term" in paths(data)["operators"]


def test_operator_listed_twice() -> None:
    data = china()
    data["operators"][1]["wechat_id"] = data["operators"][0]["wechat_id"].upper()
    assert "listed twice" in paths(data)["operators"]


def test_china_may_request_verification_later_with_another_method() -> None:
    """The article: choose WeChat Verification at authentication *if you already intend to
    verify* - so bank transfer or legal representative may still verify later."""
    data = china()
    data["authentication"] = "bank_transfer"
    data["verification"]["requested"] = True
    result = forms.validate(data)
    assert result.ok, result.issues
    assert result.registration.verification_requested
    assert not result.registration.verification_window  # no temporary status, no 30 days
    data["verification"]["requested"] = False
    assert not forms.validate(data).registration.verification_requested
    del data["verification"]
    assert not forms.validate(data).registration.verification_requested  # default: no


def test_wechat_verification_as_the_method_cannot_decline_verification() -> None:
    data = china()
    data["verification"]["requested"] = False
    assert "requests WeChat Verification" in paths(data)["verification.requested"]
    data["verification"]["requested"] = True
    assert forms.validate(data).ok


def test_verification_requested_is_decided_in_one_place() -> None:
    from forms.registration import verification_requested

    assert verification_requested({"entity": "china"}) is None
    assert verification_requested({"entity": "china", "authentication": "bank_transfer"}) is None
    later = {"entity": "china", "authentication": "bank_transfer",
             "verification": {"requested": True}}
    assert verification_requested(later) is True
    assert verification_requested({**later, "authentication": "wechat_verification",
                                   "verification": {"requested": False}}) is True


def test_an_unknown_region_names_the_value() -> None:
    message = paths({**overseas(), "region": "XX"})["region"]
    assert message.startswith("'XX' is not an ISO 3166-1") and "{v" not in message


@pytest.mark.parametrize("kind", ["government", "media"])
def test_government_and_media_are_warned_to_authenticate_by_verification(kind: str) -> None:
    data = china()
    data["organization"]["type"] = kind
    assert forms.validate(data).warnings == []  # WeChat Verification chosen: fine
    data["authentication"] = "legal_representative"
    del data["verification"]
    result = forms.validate(data)
    assert result.ok  # agency sources only: a warning, never an error
    (warning,) = result.warnings
    assert warning.path == "authentication" and "WeChat Verification only" in warning.message
    data["organization"]["type"] = "enterprise"
    assert forms.validate(data).warnings == []


def test_advice_is_recorded_and_a_different_choice_is_warned() -> None:
    data = china()
    data["advice"] = {"media": True, "broadcasts": "often", "advanced": False}
    result = forms.validate(data)
    assert result.ok
    (warning,) = result.warnings
    assert warning.path == "account_type" and "recommends a Subscription account" in (
        warning.message)
    data["account_type"] = "subscription"
    assert forms.validate(data).warnings == []
    data["advice"]["broadcasts"] = "daily"
    assert "advice.broadcasts" in paths(data)
    data["advice"] = {"media": False}
    assert paths(data)["advice.broadcasts"] == "required"


def test_operator_added_before_registration() -> None:
    data = china()
    data["operators"][0]["added_on"] = "2026-11-01"
    assert "before the account was registered" in paths(data)["operators[0].added_on"]


def test_version_required() -> None:
    assert "version" in paths({k: v for k, v in china().items() if k != "version"})
    assert "version" in paths({**china(), "version": 2})


def test_not_a_mapping() -> None:
    assert forms.validate(["a"]).issues == [Issue("", "the answers must be a mapping of keys")]


@pytest.mark.parametrize("step", list(STEP))
def test_validate_step_agrees_with_whole_validation(step: str) -> None:
    data = china()
    assert forms.validate_step("china", step, data) == []


def test_validate_step_reports_only_its_fields() -> None:
    data = china()
    data["email"] = "bad"
    data["profile"]["name"] = "bad name"
    assert [i.path for i in forms.validate_step("china", "email", data)] == ["email"]
    assert [i.path for i in forms.validate_step("china", "profile", data)] == ["profile.name"]
    assert forms.validate_step("china", "region", {}) == [Issue("region", "required")]


def test_json_schema_describes_both_variants() -> None:
    schema = forms.json_schema()
    text = str(schema)
    assert "ChinaRegistration" in text and "OverseasRegistration" in text
    assert "统一社会信用代码" in text
    assert "advice" in schema["$defs"]["ChinaRegistration"]["properties"]
    assert "{" not in "".join(_descriptions(schema))  # every rulebook figure filled in
    assert "can each be changed at most 5 times a month" in text


def _descriptions(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["description"]] if isinstance(node.get("description"), str) else []
        return found + [d for v in node.values() for d in _descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in _descriptions(v)]
    return []


def test_every_business_number_format_exists_in_stdnum() -> None:
    from stdnum.util import get_cc_module

    from forms.business_numbers import FORMATS

    missing = [(r, n) for r, names in FORMATS.items() for n in names
               if get_cc_module(r.lower(), n) is None]
    assert missing == []


def test_registration_and_operator_dates_cannot_be_after_today() -> None:
    data = china()  # conftest pins today to 2026-11-25
    data["verification"]["registered_on"] = "2026-12-01"
    data["operators"][0]["added_on"] = "2026-12-02"
    found = paths(data)
    assert "after today" in found["verification.registered_on"]
    assert "after today" in found["operators[0].added_on"]


def test_lifecycle_dates_are_in_order_and_agree_with_the_answers() -> None:
    data = china()  # verification.registered_on: 2026-11-20
    data["operators"] = []
    data["lifecycle"] = {"registered_on": "2026-11-20", "verified_on": "2026-11-24"}
    assert paths(data) == {}
    data["lifecycle"] = {"registered_on": "2026-11-20", "verified_on": "2026-11-19"}
    assert "before registered_on" in paths(data)["lifecycle"]
    data["lifecycle"] = {"verified_on": "2026-11-24"}
    assert "needs its registered_on" in paths(data)["lifecycle"]
    data["lifecycle"] = {"registered_on": "2026-11-21"}
    assert "differs from verification.registered_on" in paths(data)["lifecycle.registered_on"]
    data["lifecycle"] = {"registered_on": "2026-11-20", "marked_on": "2026-11-20"}
    assert "lifecycle.marked_on" in paths(data)


def test_overseas_help_has_no_china_only_advice() -> None:
    """An overseas client is never told to choose a type, nor about RMB fees or the window."""
    for spec in STEP.values():
        if spec.id == "authentication":
            continue  # not on the overseas path
        text = spec.guidance("overseas") + spec.backend_action("overseas")
        for china_only in ("Subscription", "unless the client is a media", "RMB", "30 days",
                           "temporary", "resident ID may"):
            assert china_only not in text, (spec.id, china_only)
    assert "nothing to choose" in STEP["account_type"].guidance("overseas")
    assert "Subscription" in STEP["account_type"].guidance("china")
