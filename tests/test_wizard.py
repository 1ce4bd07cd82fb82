"""The wizard engine: order of steps, blocking on errors, back, path changes, resume."""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from forms.issues import Issue
from forms.registry import STEP, STEP_IDS
from onboarding.wizard import START, Wizard
from tests.helpers import china, overseas


def step_values(answers: dict[str, Any], step: str) -> dict[str, Any]:
    return {k: answers[k] for k in STEP[step].asks if k in answers}


def run_through(answers: dict[str, Any]) -> tuple[Wizard, list[str]]:
    wizard, seen = Wizard(), []
    while not wizard.complete:
        seen.append(wizard.current)
        assert wizard.submit(step_values(answers, wizard.current)) == []
    return wizard, seen


def test_whole_china_registration() -> None:
    wizard, seen = run_through(china())
    assert seen == [START, "account_type", "email", "region", "organization", "authentication",
                    "profile", "verification", "operators"]
    assert wizard.result().ok
    assert wizard.progress == (9, 9)


def test_whole_overseas_registration() -> None:
    wizard, seen = run_through(overseas())
    assert "authentication" not in seen
    assert wizard.status("authentication") == "off-path"
    assert wizard.result().ok


def test_a_step_decided_by_a_later_answer_may_still_come(guarded_verification: str) -> None:
    """The verification *step* behind a guard (written for the test: the shipped statechart
    guards its outcomes, not the step): a step a later answer decides shows "?"."""
    wizard = Wizard()
    wizard.submit({"client": "Acme", "entity": "china"})
    assert wizard.status("verification") == "maybe"  # authentication not chosen yet
    assert wizard.status("authentication") == "ahead"
    wizard.update({"authentication": "bank_transfer"})
    assert wizard.status("verification") == "maybe"  # "request it later?" not answered
    wizard.update({"verification": {"requested": False}})
    assert wizard.status("verification") == "off-path"
    wizard.update({"authentication": "wechat_verification"})
    assert wizard.status("verification") == "ahead"


def test_china_verification_step_asks_to_verify_later_unless_the_method_settles_it() -> None:
    data = china()
    data["authentication"] = "bank_transfer"
    data["verification"] = {"requested": True, "registered_on": "2026-11-20"}
    wizard, seen = run_through(data)
    assert "verification" in seen
    assert wizard.registration_answers()["verification"]["requested"] is True
    assert wizard.result().registration.verification_requested
    assert wizard.go_to("authentication")
    wizard.submit({"authentication": "wechat_verification"})
    assert "requested" not in wizard.registration_answers()["verification"]  # settled: yes
    assert wizard.result().registration.verification_requested


def test_a_china_entity_starts_with_region_cn() -> None:
    wizard = Wizard()
    wizard.submit({"client": "Acme", "entity": "china"})
    assert wizard.answers["region"] == "CN"
    overseas_first = Wizard({"region": "DE"})
    overseas_first.submit({"client": "Acme", "entity": "china"})
    assert overseas_first.answers["region"] == "DE"  # an answer given is never replaced
    assert Wizard().submit({"client": "Acme", "entity": "overseas"}) == []


def test_errors_block_the_step() -> None:
    wizard = Wizard()
    wizard.submit({"client": "Acme", "entity": "china"})
    wizard.submit({"account_type": "service"})
    issues = wizard.submit({"email": "not-an-email"})
    assert [i.path for i in issues] == ["email"]
    assert wizard.current == "email"
    assert wizard.submit({"email": "a@b.cn"}) == []
    assert wizard.current == "region"


def test_back_and_path_change_keeps_answers() -> None:
    data = china()
    wizard, _ = run_through(data)
    assert wizard.go_to(START)
    wizard.submit({"entity": "overseas"})
    assert "authentication" not in wizard.path
    assert wizard.current == "region"  # CN is no overseas region: the first open step
    assert wizard.answers["profile"] == data["profile"]
    assert wizard.back() == "email"


def test_switching_entity_keeps_relevant_answers_only_in_the_registration() -> None:
    wizard, _ = run_through(china())
    wizard.go_to(START)
    wizard.submit({"entity": "overseas"})
    answers = wizard.registration_answers()
    assert "authentication" not in answers
    assert "type" not in answers["organization"]
    assert answers["profile"] == china()["profile"]
    assert wizard.answers["authentication"] == "wechat_verification"  # kept for switching back


def test_switching_overseas_to_china_drops_the_overseas_verification_answer() -> None:
    """An overseas draft's `verification.requested` is not a China question: it must not
    block the China registration (before: complete in the wizard, invalid on save)."""
    wizard, _ = run_through(overseas())
    assert wizard.answers["verification"]["requested"] is True
    wizard.go_to(START)
    data = china()
    wizard.submit({"entity": "china"})
    while not wizard.complete:
        assert wizard.submit(step_values(data, wizard.current)) == []
    wizard.update({"verification": {"requested": False, "registered_on": "2026-11-20"}})
    answers = wizard.registration_answers()
    assert answers["verification"] == {"registered_on": "2026-11-20"}
    assert wizard.result().ok, wizard.result().issues
    assert not wizard.is_draft


def test_a_draft_until_every_step_is_done_and_the_whole_is_valid() -> None:
    wizard = Wizard()
    assert wizard.is_draft and not wizard.worth_keeping
    wizard.submit({"client": "Acme", "entity": "china"})
    assert wizard.is_draft and wizard.worth_keeping
    done, _ = run_through(china())
    assert not done.is_draft


def test_a_missing_answer_is_not_a_wrong_one() -> None:
    """What decides between a draft's "prepare" checklist and none: wrong answers only."""
    data = china()
    del data["admin"], data["operators"]
    data["profile"] = {"name": "莲花茶业LotusTea"}  # the rest of the profile still to come
    wizard = Wizard(data, submitted=set(STEP_IDS))
    assert wizard.is_draft and wizard.wrong_answers() == []
    assert any(issue.missing for issue in wizard.result().errors)
    data["email"] = "not an email"
    data["admin"] = {"name": "王芳", "mobile": "+1 415 555 0100"}  # not +86: wrong in China
    wrong = Wizard(data).wrong_answers()
    assert [i.path for i in wrong] == ["email", "admin.mobile"]
    assert not any(i.missing for i in wrong)


def test_before_the_entity_an_answer_is_wrong_only_if_wrong_on_every_path() -> None:
    assert Wizard({"client": "Acme"}).wrong_answers() == []
    # a US mobile is wrong on the China path only: the path is not chosen, so not wrong yet
    assert Wizard({"client": "Acme", "admin": {"mobile": "+1 415 555 0100"}}
                  ).wrong_answers() == []
    assert [i.path for i in Wizard({"client": "Acme", "email": "x"}).wrong_answers()] == \
        ["email"]
    assert [i.path for i in Wizard({"client": "Acme", "colour": "red"}).wrong_answers()] == \
        ["colour"]  # a typo is wrong on every path
    assert [str(i) for i in Wizard({"client": "Acme", "entity": "mars"}).wrong_answers()] == \
        ["entity: must be 'china' (Mainland-China entity) or 'overseas'"]


def test_no_path_yet_the_statechart_says_what_comes_and_what_may() -> None:
    """Before the entity, every step of both paths comes; authentication, China's only,
    is still to be decided by an answer (README: "?")."""
    wizard = Wizard()
    assert wizard.path == [START]
    assert {s: wizard.status(s) for s in STEP_IDS if s != START} == {
        s: "maybe" if s == "authentication" else "ahead" for s in STEP_IDS if s != START}
    wizard.update({"entity": "overseas"})
    assert wizard.status("authentication") == "off-path"


def test_cannot_jump_ahead() -> None:
    wizard = Wizard()
    wizard.submit({"client": "Acme", "entity": "overseas"})
    assert not wizard.go_to("profile")
    assert wizard.go_to(START)


def test_state_round_trip_resumes_on_the_same_step() -> None:
    wizard = Wizard()
    wizard.submit({"client": "Acme", "entity": "overseas"})
    wizard.submit({"account_type": "service"})
    again = Wizard.from_state(wizard.state())
    assert again.current == "email"
    assert again.answers == wizard.answers
    assert again.progress == wizard.progress


def test_extra_checks_block_too() -> None:
    def taken(step: str, answers: Any) -> list[Issue]:
        return [Issue("email", "already used")] if step == "email" else []

    wizard = Wizard(extra_checks=taken)
    wizard.submit({"client": "Acme", "entity": "overseas"})
    wizard.submit({"account_type": "service"})
    assert wizard.submit({"email": "a@b.com"}) == [Issue("email", "already used")]


def test_extra_checks_only_count_on_their_own_step() -> None:
    def always(step: str, answers: Any) -> list[Issue]:
        return [Issue("email", "already used"), Issue("operators[0].wechat_id", "operates 5")]

    wizard = Wizard(extra_checks=always)
    assert wizard.submit({"client": "Acme", "entity": "overseas"}) == []
    assert wizard.submit({"account_type": "service"}) == []
    assert wizard.submit({"email": "a@b.com"}) == [Issue("email", "already used")]


def test_warnings_and_refusals_are_placed_on_the_steps_that_ask_their_fields() -> None:
    """The faces ask the engine which step an issue belongs to (never parse its path)."""
    def noted(step: str, answers: Any) -> list[Issue]:
        return [Issue("operators[1].wechat_id", "operates 4 accounts", "warning"),
                Issue("email", "already used")]

    wizard = Wizard(overseas(), extra_checks=noted)
    assert [i.path for i in wizard.warnings("operators")] == ["operators[1].wechat_id"]
    assert wizard.warnings("email") == []  # an error is not a warning
    assert "operators[1].wechat_id" in [i.path for i in wizard.warnings()]
    refused = [Issue("operators[0].name", "x"), Issue("admin.mobile", "y"),
               Issue("email", "z")]
    assert wizard.steps_naming(refused) == ["email", "organization", "operators"]


def test_a_changed_step_is_done_again_only_once_submitted() -> None:
    wizard, _ = run_through(china())
    wizard.go_to("organization")
    admin = dict(wizard.answers["admin"], mobile="+86 139 1234 5678")  # as the form shows it
    wizard.update({"admin": admin})
    assert wizard.complete  # the same number, typed with spaces: nothing changed
    wizard.update({"admin": dict(admin, mobile="13912345679")})
    assert not wizard.complete and wizard.is_draft  # typed, not submitted yet
    assert wizard.submit() == []
    assert wizard.complete and wizard.answers["admin"]["mobile"] == "+8613912345679"


def test_a_rule_that_spans_steps_blocks_the_step_of_its_field() -> None:
    data = china()  # registered on 2026-11-20
    data["operators"][0]["added_on"] = "2026-11-19"
    wizard = Wizard(data)
    while wizard.current != "operators":
        assert wizard.submit() == []
    assert wizard.submit() == [Issue(
        "operators[0].added_on", "2026-11-19 is before the account was registered (2026-11-20)")]
    assert wizard.current == "operators" and not wizard.complete


def test_a_clash_shows_while_the_rest_of_the_step_is_still_open() -> None:
    def taken(step: str, answers: Any) -> list[Issue]:
        return [Issue("profile.name", "already the name of #3 Lotus Tea"),
                Issue("profile.introduction", "a clash on a field that is itself wrong")]

    wizard = Wizard(china(), extra_checks=taken)
    wizard.answers["profile"] = {"name": "莲花茶业LotusTea", "introduction": "Hi"}
    assert wizard.check("profile") == [
        Issue("profile.introduction", "must be 4 to 120 characters (this one has 2)"),
        Issue("profile.operating_area", "required"),
        Issue("profile.name", "already the name of #3 Lotus Tea"),
    ]


def test_a_submitted_step_keeps_its_answers_as_the_rules_read_them() -> None:
    data = overseas()
    data["admin"] = dict(data["admin"], mobile="0151 23456789", passport_number="c01x 00t47")
    wizard = Wizard()
    for step in ("start", "account_type", "email", "region", "organization"):
        assert wizard.submit(step_values(data, step)) == []
    assert wizard.answers["admin"]["mobile"] == "+4915123456789"  # E.164, read in DE
    assert wizard.answers["admin"]["passport_number"] == "C01X00T47"


def test_normalising_keeps_answers_only_another_path_asks() -> None:
    data = china()
    data["verification"] = {"requested": True, "registered_on": "2026-11-20"}  # overseas' key
    wizard = Wizard(data)
    while wizard.current != "verification":
        assert wizard.submit() == []
    assert wizard.submit() == []
    assert wizard.answers["verification"] == {"requested": True, "registered_on": "2026-11-20"}


class WizardMachine(RuleBasedStateMachine):
    """Random walks of submit/back/go_to never break the engine's invariants."""

    def __init__(self) -> None:
        super().__init__()
        self.data = china()
        self.wizard = Wizard()

    @rule(auth=st.sampled_from(["bank_transfer", "wechat_verification", "legal_representative"]))
    def choose_auth(self, auth: str) -> None:
        self.data["authentication"] = auth

    @rule(entity=st.sampled_from(["china", "overseas"]))
    def choose_entity(self, entity: str) -> None:
        self.data = china() if entity == "china" else overseas()

    @rule(valid=st.booleans())
    def submit(self, valid: bool) -> None:
        step = self.wizard.current
        values = step_values(self.data, step)
        if not valid and step == "email":
            values = {"email": "broken"}
            assert self.wizard.submit(values)
            assert self.wizard.current == step
        else:
            self.wizard.submit(values)

    @rule()
    def back(self) -> None:
        self.wizard.back()

    @rule(step=st.sampled_from(STEP_IDS))
    def jump(self, step: str) -> None:
        if self.wizard.go_to(step):
            assert self.wizard.current == step

    @invariant()
    def consistent(self) -> None:
        path = self.wizard.path
        assert self.wizard.current in path
        done, total = self.wizard.progress
        assert 0 <= done <= total == len(path)
        assert self.wizard.status(self.wizard.current) == "current"
        restored = Wizard.from_state(self.wizard.state())
        assert restored.current == self.wizard.current


WizardMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
test_wizard_state_machine = WizardMachine.TestCase


def test_refused_answers_open_their_steps_again() -> None:
    """The store refused a save (a clash found under the write lock): the engine opens the
    steps of the refused answers again, the first of them current (issue 21: was the TUI's)."""
    wizard, _ = run_through(china())
    refused = [Issue("profile.name", "taken"), Issue("email", "already used")]
    assert wizard.reopen(refused)  # unfinished now
    assert wizard.current == "email"
    assert {"email", "profile"}.isdisjoint(wizard.submitted)
    assert {"region", "organization", "operators"} <= wizard.submitted


def test_a_refusal_naming_no_step_opens_the_current_one_else_the_last() -> None:
    wizard, _ = run_through(china())
    wizard.go_to("profile")
    assert wizard.reopen([Issue("", "refused")])
    assert (wizard.current, "profile" in wizard.submitted) == ("profile", False)
    fresh = Wizard(china())  # nothing submitted: the last step is the one to look at
    fresh.reopen([Issue("", "refused")])
    assert fresh.current == "operators"
