"""Every command has help text and is described in the README."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ROOT
from kg.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    assert main.commands[name].help, f"`kg {name}` has no help text"
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme(name):
    assert f"`kg {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
