"""The account-type advisor: the recommendation both ways, the CLI that asks it."""

from __future__ import annotations

import json

import pytest

from forms.advisor import Advice, advise, questions
from onboarding.cli import main


def advice(media: bool = False, broadcasts: str = "rarely", advanced: bool = False) -> Advice:
    return Advice(media=media, broadcasts=broadcasts, advanced=advanced)  # type: ignore[arg-type]


def test_the_guides_default_is_service() -> None:
    advised = advise("china", advice())
    assert advised.account_type == "service"
    assert "recommends a Service account for everyone else" in advised.reasons[0]
    assert advised.reasons[-1].startswith("The account type is very difficult or impossible")


@pytest.mark.parametrize("answers, why", [
    ({"media": True}, "media or publishing business"),
    ({"broadcasts": "often"}, "at most 4 group messages a month"),
])
def test_media_or_daily_broadcasts_get_subscription(answers: dict, why: str) -> None:
    advised = advise("china", advice(**answers))
    assert advised.account_type == "subscription"
    assert why in advised.reasons[0]


def test_payments_need_service_even_for_a_media_business() -> None:
    advised = advise("china", advice(media=True, broadcasts="often", advanced=True))
    assert advised.account_type == "service"
    assert "WeChat Pay needs a verified Service account, or a verified Subscription account of " \
        "a government or media organization" in advised.reasons[0]  # WeChat Pay's own page
    assert "Plan the broadcasts around that limit" in advised.reasons[1]


def test_an_overseas_entity_has_no_choice() -> None:
    for answers in (advice(), advice(media=True, broadcasts="often")):
        advised = advise("overseas", answers)
        assert advised.account_type == "service" and "only register a Service" in (
            advised.reasons[0])


def test_the_questions_come_from_the_model_with_the_rulebooks_figures() -> None:
    asked = questions()
    assert [q.name for q in asked] == ["media", "broadcasts", "advanced"]
    assert asked[1].choices["often"][0] == "More than 4 a month"


def test_advise_command_with_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", "--entity", "china", "--media", "yes", "--broadcasts", "rarely",
                 "--advanced", "no"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Recommendation: Subscription account (订阅号)")
    assert "advice:\n  media: true\n  broadcasts: rarely\n  advanced: false\n" in out
    assert main(["advise", "--entity", "china", "--media", "no", "--broadcasts", "often",
                 "--advanced", "yes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["account_type"] == "service"
    assert data["advice"] == {"media": False, "broadcasts": "often", "advanced": True}
    assert main(["advise", "--entity", "overseas", "--json"]) == 0
    assert "advice" not in json.loads(capsys.readouterr().out)  # nothing to choose


def test_advise_without_a_terminal_needs_every_answer(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["advise", "--entity", "china", "--media", "no"]) == 2
    assert "give --broadcasts (or run advise on a terminal" in capsys.readouterr().err


def test_advise_asks_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    replies = iter(["1", "maybe", "2", "1", "yes"])  # china, (not an answer), no, often, yes
    monkeypatch.setattr("onboarding.commands.advise.is_interactive", lambda stream=None: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(replies))
    assert main(["advise"]) == 0
    captured = capsys.readouterr()
    assert "Who holds the business license?" in captured.err
    assert "'maybe' is not one of the answers" in captured.err
    assert "Recommendation: Service account (服务号)" in captured.out
    assert "broadcasts: often" in captured.out


def test_advise_interrupted_answers_exit_2(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    def no_more(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("onboarding.commands.advise.is_interactive", lambda stream=None: True)
    monkeypatch.setattr("builtins.input", no_more)
    assert main(["advise"]) == 2
    assert "no answer given" in capsys.readouterr().err


def test_the_advisor_is_offered_where_the_entity_has_a_choice() -> None:
    """One rule (issue 21: it was written in the TUI and in `advise`): an entity whose
    registration offers more than one account type is advised; the wizard offers the
    advisor at the step that asks the account type."""
    import forms
    from forms.advisor import has_choice
    from onboarding.wizard import Wizard

    for entity, variant in forms.VARIANTS.items():
        choices = variant.model_fields["account_type"].json_schema_extra["choices"]  # type: ignore[index]
        assert has_choice(entity) == (len(choices) > 1)
    assert not has_choice(None)
    wizard = Wizard({"client": "Acme", "entity": "china"}, current="account_type")
    assert wizard.advisable
    assert not Wizard({"client": "Acme", "entity": "overseas"}, current="account_type").advisable
    wizard.current = "email"
    assert not wizard.advisable


@pytest.mark.parametrize("yes, no", [("y", "n"), ("Y", "N"), ("yes", "no"), ("是", "否"),
                                     ("是的", "不")])
def test_advise_takes_yes_and_no_words_in_both_languages(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        yes: str, no: str) -> None:
    """Issue 23: 'y' is not one of the answers. A yes/no question takes a yes or no word in
    English or Chinese (as [y/N] questions do), the number still too."""
    replies = iter(["1", no, "1", yes])  # china, not media, often, advanced
    monkeypatch.setattr("onboarding.commands.advise.is_interactive", lambda stream=None: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(replies))
    assert main(["advise"]) == 0
    captured = capsys.readouterr()
    assert "not one of the answers" not in captured.err
    assert "advice:\n  media: false\n  broadcasts: often\n  advanced: true\n" in captured.out
    assert main(["advise", "--entity", "china", "--media", no, "--broadcasts", "often",
                 "--advanced", yes, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["advice"] == {"media": False, "broadcasts": "often", "advanced": True}
