"""``VarsInventory``: SimpleInventory files plus group_vars/ and host_vars/, loaded through InitNornir by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from nornir import InitNornir
from nornir.core import Nornir
from nornir_fleet import FleetFactory

from nornir_plugins import VarsInventory, diffsync_sync


def write(path: Path, content: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(content), encoding="utf-8")


def init(directory: Path, **options: Any) -> Nornir:
    files = {f"{kind}_file": str(directory / f"{kind}s.yaml") for kind in ("host", "group")}
    files["defaults_file"] = str(directory / "defaults.yaml")
    return InitNornir(
        inventory={"plugin": "VarsInventory", "options": {**files, **options}}, logging={"enabled": False}
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path / "hosts.yaml", {"r1": {"groups": ["core"], "data": {"site": "inline"}}, "r2": {"groups": ["edge"]}})
    write(tmp_path / "groups.yaml", {"core": {"groups": ["campus"]}, "edge": {}, "campus": {"data": {"vlans": []}}})
    write(tmp_path / "group_vars" / "all.yaml", {"dns": {"domain_name": "example.net"}, "site": "all"})
    write(tmp_path / "group_vars" / "campus.yml", {"vlans": [{"id": 10, "name": "USERS"}], "site": "campus"})
    write(tmp_path / "group_vars" / "core" / "10-base.yaml", {"mtu": 1500, "role": "core"})
    write(tmp_path / "group_vars" / "core" / "20-override.yaml", {"mtu": 9000})
    write(tmp_path / "host_vars" / "r1.yaml", {"site": "r1-file", "device_hostname": "core-r1"})
    (tmp_path / "host_vars" / "r2.yaml").write_text("# nothing yet\n", encoding="utf-8")
    return tmp_path


def test_vars_files_merge_with_ansible_precedence(tree: Path) -> None:
    hosts = init(tree).inventory.hosts

    r1, r2 = hosts["r1"], hosts["r2"]
    assert r1["site"] == "r1-file" and r1["device_hostname"] == "core-r1"  # host_vars beat inline data
    assert r1["mtu"] == 9000 and r1["role"] == "core"  # a directory's files merge in name order
    assert r1["vlans"] == [{"id": 10, "name": "USERS"}]  # parent group's vars file beats its inline data
    assert r2["site"] == "all" and r2["dns"] == {"domain_name": "example.net"}  # group_vars/all: the defaults
    assert "mtu" not in r2


def test_vars_dir_option_and_bad_files(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("vars")
    write(elsewhere / "host_vars" / "r2.yaml", {"role": "edge"})
    assert init(tree, vars_dir=str(elsewhere)).inventory.hosts["r2"]["role"] == "edge"

    write(tree / "host_vars" / "r2.yaml", ["not", "a", "mapping"])
    with pytest.raises(ValueError, match=r"r2.yaml: a vars file must hold a mapping of variables, not a list"):
        VarsInventory(host_file=str(tree / "hosts.yaml"), group_file=str(tree / "groups.yaml")).load()

    (tree / "host_vars" / "r2.yaml").write_text("vlans:\n  - {id: 10, name: USERS\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"host_vars/r2.yaml:3:1: invalid YAML: .*fix the syntax at that line"):
        VarsInventory(host_file=str(tree / "hosts.yaml"), group_file=str(tree / "groups.yaml")).load()


@pytest.mark.lab
def test_diffsync_sync_reads_intended_state_from_host_vars(fleet_factory: FleetFactory, tmp_path: Path) -> None:
    fleet = fleet_factory(2)
    inventory = yaml.safe_load((fleet.directory / "hosts.yaml").read_text(encoding="utf-8"))
    for name, host in inventory.items():
        write(tmp_path / "host_vars" / f"{name}.yaml", dict(fleet.lab.intended[name]))
        host["data"] = {}
        host["groups"] = []
    write(tmp_path / "hosts.yaml", inventory)
    nr = init(tmp_path, defaults_file=str(fleet.directory / "defaults.yaml"))
    fleet.opened.append(nr)

    result = nr.run(task=diffsync_sync, dry_run=True)

    assert not result.failed
    assert all(multi[0].result["summary"]["update"] == fleet.seeded(host)["update"] for host, multi in result.items())
