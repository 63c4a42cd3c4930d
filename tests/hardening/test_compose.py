"""The compose file gives the UI its own Neo4j user, read-only mode, and no admin secret."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def _services() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"])


def test_ui_runs_read_only_as_its_own_user() -> None:
    ui = _services()["ui"]
    env = ui["environment"]
    assert "NEO4J_UI_PASSWORD" in env["NEO4J_PASSWORD"]
    assert "NEO4J_UI_USER" in env["NEO4J_USER"]
    assert env["CREDGRAPH_READ_ONLY"] == "1" and "--read-only" in ui["command"][-1]
    # The admin password reaches the database and the one-shot init, never the UI.
    assert not any("${NEO4J_PASSWORD" in str(v) for v in env.values())
    assert ui["depends_on"]["neo4j-init"]["condition"] == "service_completed_successfully"


def test_init_creates_the_user_with_parameters_not_text() -> None:
    init = _services()["neo4j-init"]
    script = init["entrypoint"][-1]
    cypher = re.findall(r"'([A-Z][^']*)'", script)
    assert any("CREATE OR REPLACE USER $$u" in c for c in cypher)
    assert any("GRANT ROLE reader TO $$u" in c for c in cypher)
    # The names and passwords only travel as cypher-shell parameters.
    assert not any("UI_USER" in c or "UI_PASSWORD" in c for c in cypher)
    assert "*[!A-Za-z0-9_.-]*" in script  # shell-quoting safety for the --param values
    assert init["restart"] == "no"


def _text() -> str:
    return COMPOSE.read_text(encoding="utf-8")


def test_the_database_alone_needs_only_the_admin_password() -> None:
    # Compose substitutes the variables of every service before it starts any, so a
    # `${VAR:?}` in the init or UI service would make `docker compose up -d neo4j`
    # (the quick start) fail without the UI's password.
    required = set(re.findall(r"\$\{(\w+):?\?", _text()))
    assert required == {"NEO4J_PASSWORD"}
    init = _services()["neo4j-init"]
    assert init["environment"]["UI_PASSWORD"] == "${NEO4J_UI_PASSWORD:-}"
    # ... and the init service refuses an empty one itself, so the UI never starts on it.
    assert '[ -z "$$UI_PASSWORD" ]' in init["entrypoint"][-1]


def test_admin_user_is_neo4j_and_ui_password_meets_the_server_rules() -> None:
    services = _services()
    # The Neo4j 5 image accepts only `neo4j/<password>` (no other admin user).
    assert services["neo4j"]["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert services["neo4j-init"]["environment"]["NEO4J_ADMIN_USER"] == "neo4j"
    # CREATE USER fails for a password under the server's minimum length (8).
    assert '[ "$${#UI_PASSWORD}" -lt 8 ]' in services["neo4j-init"]["entrypoint"][-1]


def test_image_is_pinned_to_a_release() -> None:
    image = _services()["neo4j"]["image"]
    assert re.fullmatch(r"neo4j:\$\{NEO4J_TAG:-5\.\d+\.\d+-community\}", image), image
    assert _services()["neo4j-init"]["image"] == image


def test_ui_image_can_build_pyicu_and_holds_only_the_package() -> None:
    # PyICU has no binary wheel: on python:3.11-slim pip must compile it, which needs a
    # compiler, pkg-config and the ICU headers (without them the UI never started).
    ui = _services()["ui"]
    dockerfile = ui["build"]["dockerfile_inline"]
    assert dockerfile.startswith("FROM python:3.11-slim")
    assert all(pkg in dockerfile for pkg in ("g++", "pkg-config", "libicu-dev"))
    # No local venv, store or quarantine file goes into the image.
    copies = re.findall(r"^COPY (.+)$", dockerfile, re.M)
    assert copies == [
        "pyproject.toml README.md ./",
        "graph ./graph",
        "loaders ./loaders",
        "ui ./ui",
    ]
    assert "RUN pip install --no-cache-dir ." in dockerfile
    assert ui["command"][:2] == ["credgraph", "ui"]
