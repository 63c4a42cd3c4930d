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
