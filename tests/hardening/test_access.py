"""Access (issue 7, item 6): the shared password gate, read-only mode, and secrets that
never reach a page, the terminal or a log."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.hardening.hostile_graph import APP, EVIL_CO, build, elements
from ui import access, cli_serve, state
from ui.cli import main

PASSWORD = "correct-Horse-9"
URL_SECRET = "TopSecret-42"
NEO4J_SECRET = "Other-Secret-7"
SECRETS = (PASSWORD, URL_SECRET, NEO4J_SECRET)
DOWN_URL = f"neo4j://ui:{URL_SECRET}@127.0.0.1:1"
WRITE_WORDS = re.compile(r"\b(load|confirm|reject|merge|delete|import|save|upload data)\b", re.I)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("access") / "g.db")


def _page_dump(at: AppTest) -> str:
    """Everything the page sends to the browser, as protobuf text."""
    return "\n".join(str(getattr(el, "proto", "")) for el in elements(at._tree))


def _app(monkeypatch: pytest.MonkeyPatch, url: str, **env: str) -> AppTest:
    monkeypatch.setenv("CREDGRAPH_STORE", url)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


# -- password -------------------------------------------------------------------------


def test_password_gate_shows_nothing_until_the_password(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    at = _app(monkeypatch, url, CREDGRAPH_UI_PASSWORD=PASSWORD)
    assert [w.label for w in at.text_input] == ["Password"]
    assert at.text_input[0].proto.type == at.text_input[0].proto.PASSWORD
    assert not at.sidebar.date_input and EVIL_CO not in _page_dump(at)
    # A deep link to another page is gated too.
    at.query_params["id"] = EVIL_CO
    at.switch_page(state.ENTITY_PAGE).run()
    assert [w.label for w in at.text_input] == ["Password"] and EVIL_CO not in _page_dump(at)

    # In a form the typed value travels with the submit, as in the browser.
    at.text_input[0].input("wrong")
    at.button[0].click().run()
    assert at.error and at.error[0].value == "Wrong password."
    assert [w.label for w in at.text_input] == ["Password"]

    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state[access.AUTH_KEY] is True
    assert EVIL_CO in _page_dump(at)  # the entity page now renders
    assert PASSWORD not in _page_dump(at)


def test_no_password_no_gate(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.delenv("CREDGRAPH_UI_PASSWORD", raising=False)
    at = _app(monkeypatch, url)
    assert "Password" not in [w.label for w in at.text_input]


@given(st.text(max_size=20), st.text(min_size=1, max_size=20))
def test_password_ok_is_equality(given_pw: str, expected: str) -> None:
    assert access.password_ok(given_pw, expected) is (given_pw == expected)


# -- read-only ------------------------------------------------------------------------


def test_read_only_mode_offers_no_writing_action(
    monkeypatch: pytest.MonkeyPatch, url: str, tmp_path: Path
) -> None:
    monkeypatch.setenv("CREDGRAPH_REPORTS", str(tmp_path))
    at = _app(monkeypatch, url, CREDGRAPH_READ_ONLY="1")
    assert any("Read-only" in c.value for c in at.sidebar.caption)
    for path, _key, _icon in state.PAGES:
        at.query_params["id"] = EVIL_CO
        at.switch_page(path).run()
        assert not at.exception, path
        labels = [str(b.label) for b in (*at.button, *at.get("download_button"))]
        assert not [x for x in labels if WRITE_WORDS.search(x)], (path, labels)
    # The store under the explorer refuses writes whatever a page might try.
    store = state._open(url)
    assert getattr(store, "read_only", None) is True


def test_ui_read_only_flag_reaches_the_app(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    seen: dict[str, str] = {}

    def fake_run(argv: list[str], env: dict[str, str]) -> int:
        seen.update(env)
        return 0

    monkeypatch.setattr(cli_serve, "runner", fake_run)
    monkeypatch.delenv("CREDGRAPH_READ_ONLY", raising=False)
    result = CliRunner().invoke(main, ["--store", url, "ui", "--read-only"])
    assert result.exit_code == 0, result.output
    assert seen["CREDGRAPH_READ_ONLY"] == "1" and "read-only" in result.output


# -- secrets --------------------------------------------------------------------------


def test_secrets_never_reach_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CREDGRAPH_REPORTS", str(tmp_path))
    at = _app(monkeypatch, DOWN_URL, CREDGRAPH_UI_PASSWORD=PASSWORD,
              NEO4J_PASSWORD=NEO4J_SECRET)  # fmt: skip
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    for path, _key, _icon in state.PAGES:
        at.query_params["id"] = EVIL_CO
        at.switch_page(path).run()
        assert not at.exception, path
        # As a reader sees it: protobuf text escapes backslashes, data in Markdown is escaped
        # and carries word joiners against autolinks (ui.markup).
        dump = _page_dump(at).replace("\\\\", "\\")
        dump = re.sub(r"\\(.)", r"\1", dump).replace("\u2060", "")
        assert at.error, path  # the store is down: said so...
        assert "127.0.0.1:1" in dump  # ...naming where it looked...
        for secret in SECRETS:
            assert secret not in dump, (path, secret)  # ...without a secret


@pytest.mark.parametrize(
    "args",
    [["stats"], ["stats", "--json"], ["show", EVIL_CO, "--json"], ["search", "x"],
     ["exposure", EVIL_CO, "--json"], ["ui"]],
)  # fmt: skip
def test_secrets_never_reach_cli_output_or_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, args: list[str]
) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", NEO4J_SECRET)
    monkeypatch.setenv("CREDGRAPH_UI_PASSWORD", PASSWORD)
    monkeypatch.setattr(cli_serve, "runner", lambda argv, env: 0)
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(main, ["--store", DOWN_URL, *args])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "127.0.0.1:1" in result.output
    for secret in SECRETS:
        assert secret not in result.output, (args, secret)
        assert secret not in caplog.text, (args, secret)


def test_serve_banner_masks_the_url(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setattr(cli_serve, "runner", lambda argv, env: 0)
    monkeypatch.setenv("CREDGRAPH_UI_PASSWORD", PASSWORD)
    runner = CliRunner()
    with runner.isolation() as (_out, err, *_):
        cli_serve.serve(f"neo4j://ui:{URL_SECRET}@db:7687", "127.0.0.1", 8501)
        banner = err.getvalue().decode()
    assert "neo4j://ui:***@db:7687" in banner and "password required" in banner
    assert URL_SECRET not in banner and PASSWORD not in banner


@given(st.text(min_size=access.MIN_SECRET, max_size=16).filter(lambda s: "*" not in s),
       st.text(max_size=30), st.text(max_size=30))  # fmt: skip
def test_redact_removes_every_secret(secret: str, before: str, after: str) -> None:
    env = {"NEO4J_PASSWORD": secret}
    assert (
        secret not in access.redact(before + secret + after, env=env).replace(before, "", 1)
        or secret in before + after
    )
