"""Drift reports for the renderer tests, built from real diffs of the engine and the network models."""

from __future__ import annotations

import datetime as dt

from diffsync_automation import Adapter
from diffsync_automation.network import Interface, NtpServer, Vlan
from diffsync_automation.report import DeviceReport, DriftReport, ReportError

HOSTILE = "<script>alert('x')</script> | `pipe` & \x1b[31m"
"""Text with markup, Markdown table syntax, backticks and a control character, as a device might send."""


class Switch(Adapter):
    vlan = Vlan
    interface = Interface
    ntp_server = NtpServer
    top_level = ["vlan", "interface", "ntp_server"]


def switch(name: str, vlans: dict[int, str], description: str, ntp: list[str]) -> Switch:
    adapter = Switch(name=name)
    for vlan_id, vlan_name in vlans.items():
        adapter.add(Vlan(vlan_id=vlan_id, name=vlan_name))
    adapter.add(Interface(name="Ethernet1", description=description))
    for server in ntp:
        adapter.add(NtpServer(server=server))
    return adapter


def drifting(host: str, platform: str = "arista_eos", *, dry_run: bool = True) -> DeviceReport:
    """A device with one VLAN renamed, one missing, one extra, a changed description and a missing NTP server."""
    intended = switch("intended", {10: "USERS", 20: "SERVERS"}, "uplink", ["192.0.2.1"])
    device = switch("device", {10: "USERS_OLD", 99: "LEGACY"}, "temp", [])
    diff = device.diff_from(intended)
    report = DeviceReport.from_diff(host, diff, dry_run=dry_run, duration_s=0.25)
    commands = ["vlan 10", "name USERS", "vlan 20", "name SERVERS", "no vlan 99", "ntp server 192.0.2.1"]
    extra = {"commands": commands} if dry_run else {"commands": commands, "applied": commands}
    return report.model_copy(update={"platform": platform, "state": "overridden", **extra})


def sample_report() -> DriftReport:
    """One device of each status, one of them with hostile text in its error message."""
    report = DriftReport(mode="check", started_at=dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.timezone.utc))
    report.add(drifting("leaf-02"))
    report.add(DeviceReport(host="leaf-01", status="in_sync", platform="cisco_ios", summary={"no-change": 12}))
    report.add(drifting("spine-01", dry_run=False))
    report.add(
        DeviceReport(
            host="border|01",
            status="error",
            platform="cisco_ios",
            errors=[ReportError(kind="timeout", message=HOSTILE), ReportError(kind="auth", message="refused")],
            warnings=["a sync would delete 3 objects"],
        )
    )
    return report.finish()
