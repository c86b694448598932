"""Text a switch's line editor would act on never reaches a device: refused in the data, and again before sending."""

from __future__ import annotations

from typing import Any

import pytest
from network_helpers import live, run

from diffsync_automation.network import (
    Change,
    IntendedState,
    IntendedStateError,
    NetmikoSession,
    RenderedChange,
    UnsafeCommand,
    get_platform,
    push,
    validate_host_data,
)
from diffsync_automation.network.schema import InterfaceData

REFUSED = {
    "DEL": "\x7f",
    "C1 control (NEL)": "\x85",
    "tab": "\t",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "zero-width space (format)": "\u200b",
    "private use": "\ue000",
}


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(IntendedStateError) as caught:
        validate_host_data("sw01", data)
    return [(p.path, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("char", REFUSED.values(), ids=REFUSED.keys())
def test_non_printable_characters_are_refused_in_every_text_field(char: str) -> None:
    data = {
        "interfaces": [
            {"name": "Gi0/1"},
            {"name": "Gi0/2"},
            {"name": "Gi0/3", "description": f"users{char * 12}shutdown"},
            {"name": f"Gi0/4{char}"},
        ],
        "vlans": [{"id": 10, "name": f"USERS{char}"}],
        "device_hostname": f"sw{char}01",
    }
    found = dict(problems(data))
    assert set(found) == {"interfaces[2].description", "interfaces[3].name", "vlans[0].name", "device_hostname"}
    code = f"U+{ord(char):04X}"
    assert all(code in message and "non-printable" in message for message in found.values())
    assert "position 6" in found["interfaces[2].description"]


def test_error_names_host_path_character_and_fix() -> None:
    with pytest.raises(IntendedStateError) as caught:
        validate_host_data("sw01", {"interfaces": [{"name": "Gi0/1", "description": "a\x7fb"}]})
    assert str(caught.value) == (
        "host sw01: interfaces[0].description: contains the non-printable character U+007F (category Cc) at"
        " position 2: a device's line editor would act on it instead of storing it; remove it"
    )


def test_question_mark_is_refused_because_the_cli_answers_it_with_help() -> None:
    [(path, message)] = problems({"interfaces": [{"name": "Gi0/1", "description": "who uses this?"}]})
    assert path == "interfaces[0].description"
    assert "'?' at position 14" in message and "context help" in message


def test_printable_text_passes_unicode_letters_included() -> None:
    state = validate_host_data("sw01", {"interfaces": [{"name": "Gi0/1", "description": "Büro 2.OG, Drucker #3!"}]})
    assert state.interfaces is not None and state.interfaces[0].description == "Büro 2.OG, Drucker #3!"


def test_sections_of_an_extended_schema_are_checked_too() -> None:
    class WithBanner(IntendedState):
        banner_lines: list[str] | None = None
        ports: list[InterfaceData] | None = None

    with pytest.raises(IntendedStateError) as caught:
        validate_host_data("sw01", {"banner_lines": ["ok", "bad\u2028line"], "ports": [{"name": "x?"}]}, WithBanner)
    assert [p.path for p in caught.value.problems] == ["banner_lines[1]", "ports[0].name"]


def test_keys_outside_the_schema_are_not_the_schema_s_business() -> None:
    assert validate_host_data("sw01", {"notes": "free\ttext?", "vlans": [{"id": 10, "name": "USERS"}]}).vlans


@pytest.mark.lab
def test_push_refuses_an_unsafe_line_before_sending_anything(clean_rig: Any) -> None:
    """The last guard: commands that did not come from validated data (a bug, an extension) are not sent."""
    rig = clean_rig
    platform = get_platform(rig.platform)
    assert platform is not None
    before = live(rig)
    change = Change("vlan", "update", {"vlan_id": 10}, {"name": "USERS"}, {"name": "X"})
    rendered = [
        RenderedChange(change, ("vlan 10", "name X")),
        RenderedChange(change, ("interface Gi0/1", "description " + "\x7f" * 12 + "shutdown")),
    ]
    with NetmikoSession.from_params(rig.name, rig.params, read_timeout=10) as session:
        result = push(session, platform, rendered)
        with pytest.raises(UnsafeCommand, match="refused to send 'show vlan\\?'"):
            session.show("show vlan?")
    assert result.error is not None and result.error.kind == "unsafe_command"
    assert result.applied == [] and result.not_attempted == ["vlan 10", "name X", "interface Gi0/1"]
    assert [c.status for c in result.changes[1].commands] == ["not_attempted", "failed"]
    assert live(rig) == before


@pytest.mark.lab
def test_check_device_reports_unsafe_data_without_contacting_the_device(clean_rig: Any) -> None:
    rig = clean_rig
    rig.device.set_faults(refuse_connections=True)  # reaching the device would turn into another error
    result = run(rig, {"vlans": [{"id": 10, "name": "USERS\x85"}]}, dry_run=False)
    assert [e.kind for e in result.errors] == ["intended_state"]
    assert result.errors[0].message.startswith(f"host {rig.name}: vlans[0].name: contains the non-printable")
