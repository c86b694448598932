"""``detect_inventory`` tells the kinds apart by the shape of the file, also where YAML features need a full load."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffsync_automation.cli.inventory_source import InventoryError, InventoryKind, detect_inventory

NORNIR, ANSIBLE, CONFIG = InventoryKind.nornir_simple, InventoryKind.ansible, InventoryKind.nornir_config


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sw1:\n  hostname: 10.0.0.1\n  data: {vlans: [{id: 10}]}\nsw2:\n", NORNIR),
        ("sw1: ~\nsw2: {hostname: x, groups: [a]}\n", NORNIR),
        ("all:\n  hosts:\n    sw1:\n  children: {}\nspare:\n", ANSIBLE),
        ("all: {'hosts': {sw1: {}}, \"vars\": {x: [1, {y: 2}]}}\n", ANSIBLE),
        ("inventory:\n  plugin: SimpleInventory\nrunner: {plugin: threaded}\n", CONFIG),
        # anchors, merge keys and tags are read in full: the kind still follows the content
        ("sw1: &host {hostname: x}\nsw2: *host\n", NORNIR),
        ("all:\n  <<: {hosts: {sw1: {}}}\n", ANSIBLE),
        ("all: !!map {hosts: {sw1: {}}}\n", ANSIBLE),
        ("1: {hostname: x}\nsw2: {hostname: y}\n", NORNIR),
    ],
)
def test_the_kind_of_a_yaml_inventory_file_follows_its_content(tmp_path: Path, text: str, kind: InventoryKind) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    assert detect_inventory(path).kind is kind


@pytest.mark.parametrize("text", ["sw1: {hostname: x}\n---\nsw2: {}\n", "sw1: {hostname: [x}\n", "- sw1\n- sw2\n"])
def test_a_hosts_file_that_is_no_inventory_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "hosts.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError, match=r"hosts\.yaml"):
        detect_inventory(tmp_path)
