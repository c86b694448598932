"""``FastSimpleInventory`` and ``load_yaml_file``: libyaml's reading equals Nornir's SimpleInventory (ruamel)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import ruamel.yaml
from nornir.core.inventory import Inventory
from nornir.plugins.inventory.simple import SimpleInventory
from ruamel.yaml.error import YAMLError

from diffsync_automation.lab.inventory import write_inventory
from diffsync_automation.lab.lab import Lab
from diffsync_automation.yaml_load import load_yaml_file
from nornir_plugins import FastSimpleInventory

# YAML 1.1 and 1.2 disagree on most of these; ruamel's safe loader reads 1.2 unless a directive says otherwise.
TRICKY = {
    "yaml_1_1_scalars": "a: yes\nb: No\nc: on\nd: 010\ne: 0o10\nf: 1:20\ng: 1e3\nh: 0x1F\ni: 0b101\nj: +12_000\n",
    "floats": "a: 1.5\nb: -.inf\nc: .NaN\nd: 6.02e+23\ne: .5\nf: 1_000.5\ng: 1.\n",
    "nulls_and_bools": "a: ~\nb: null\nc: NULL\nd:\ne: True\nf: FALSE\ng: 'true'\nh: \"null\"\ni: tRUE\n",
    "keys": "1: int\n'1': str\nnull: none\nfalse: bool\non: word\n1.5: float\n",
    "strings": "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: 'it''s'\nd: \"tab\\there\"\ne: 1,10,20-30\n",
    "nested": "r1:\n  data:\n    vlans: [{id: 10, name: USERS}, {id: 20}]\n    empty: {}\n    none: []\n",
    "anchors_and_merge": "base: &b {x: 1, y: 2}\nr1:\n  <<: *b\n  y: 3\nr2: *b\n",
    "tags": "a: !!str 10\nb: !!float 1\nc: !!binary aGVsbG8=\n",
    "version_1_1": "%YAML 1.1\n---\na: yes\nb: 010\n",
    "timestamps": "a: 2026-12-07\nb: 2001-12-14 21:59:43.10 -5\n",
    "comments_only": "# nothing here\n",
    "empty": "",
    "explicit_document": "---\na: 1\n...\n",
    "top_level_list": "- 1\n- two\n",
    "scalar_document": "plain text\n",
    "unicode": "name: 'café'\ndescription: \"\\u00e9t\\u00e9 — ok\"\nkey_ü: value\n",
}
# ruamel refuses these; the error must be ruamel's own (same class and message).
BROKEN = {
    "duplicate_key": "a: 1\na: 2\n",
    "two_documents": "a: 1\n---\nb: 2\n",
    "syntax": "a: [1, 2\nb: 3\n",
    "bad_indent": "a:\n  b: 1\n c: 2\n",
    "undefined_tag": "a: !custom 1\n",
    "value_key": "a: =\n",
    "true_equals_1": "1: int\ntrue: bool\n",
}


def ruamel_load(path: Path) -> Any:
    """What Nornir's SimpleInventory reads: ruamel's safe loader on the open file."""
    with open(path, encoding="utf-8") as handle:
        return ruamel.yaml.YAML(typ="safe").load(handle)


def same(left: Any, right: Any) -> bool:
    """Equal values of the same types, all the way down (1 == 1.0 == True would hide a wrong type)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return (
            list(left) == list(right)
            and all(same(k, k2) for k, k2 in zip(left, right, strict=True))
            and all(same(left[key], right[key]) for key in left)
        )
    if isinstance(left, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_load_equals_ruamel(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(TRICKY[name], encoding="utf-8")
    assert same(load_yaml_file(path), ruamel_load(path))


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_errors_are_ruamels(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(BROKEN[name], encoding="utf-8")
    with pytest.raises(YAMLError) as expected:
        ruamel_load(path)
    with pytest.raises(type(expected.value)) as got:
        load_yaml_file(path)
    assert str(got.value) == str(expected.value)


def inventory_dicts(inventory: Inventory) -> dict[str, Any]:
    """Everything an inventory holds, including each host's resolved (inherited) fields and data."""
    resolved = {
        name: {
            "fields": [host.hostname, host.port, host.username, host.password, host.platform],
            "groups": [group.name for group in host.groups],
            "data": dict(host.items()),
            "netmiko": host.get_connection_parameters("netmiko").dict(),
        }
        for name, host in inventory.hosts.items()
    }
    return {"inventory": inventory.dict(), "resolved": resolved}


def load_both(directory: Path) -> tuple[Any, Any]:
    files = [str(directory / f"{kind}.yaml") for kind in ("hosts", "groups", "defaults")]
    return (
        inventory_dicts(FastSimpleInventory(*files).load()),
        inventory_dicts(SimpleInventory(*files).load()),
    )


def test_lab_inventory_equals_simple_inventory(tmp_path: Path) -> None:
    write_inventory(tmp_path, Lab.seeded(8, "mixed"))
    fast, simple = load_both(tmp_path)
    assert len(fast["inventory"]["hosts"]) == 8
    assert same(fast, simple)


def test_inheritance_and_connection_options_equal_simple_inventory(tmp_path: Path) -> None:
    (tmp_path / "hosts.yaml").write_text(
        "r1:\n  groups: [core, edge]\n  data: {site: r1, mtu: 9000}\n"
        "  connection_options:\n    netmiko: {port: 2222, extras: {fast_cli: no, global_delay_factor: 1e0}}\n"
        "r2:\n  hostname: 192.0.2.2\n  port: 22\n  platform: arista_eos\n  groups: [edge]\n"
        "r3: {}\n",
        encoding="utf-8",
    )
    (tmp_path / "groups.yaml").write_text(
        "core:\n  groups: [campus]\n  data: {role: core, ntp: [192.0.2.1]}\n"
        "edge:\n  platform: cisco_ios\n  data: {role: edge}\n"
        "campus:\n  username: netops\n  data: {vlans: [{id: 10}]}\n"
        "  connection_options:\n    netmiko: {extras: {secret: s3cret}}\n",
        encoding="utf-8",
    )
    (tmp_path / "defaults.yaml").write_text(
        "username: admin\npassword: 'on'\nport: 0o26\ndata: {site: default, dns: null}\n", encoding="utf-8"
    )
    fast, simple = load_both(tmp_path)
    assert fast["resolved"]["r1"]["data"]["role"] == "core"
    assert same(fast, simple)


def test_missing_groups_and_defaults_files(tmp_path: Path) -> None:
    (tmp_path / "hosts.yaml").write_text("r1: {hostname: 192.0.2.1}\n", encoding="utf-8")
    fast, simple = load_both(tmp_path)
    assert same(fast, simple)
