"""``diffsync-automation drift|sync|apply``: check a Nornir inventory for drift, fix it, or apply a saved plan.

Exit codes follow Terraform's ``-detailed-exitcode``: 0 nothing differs (or everything was fixed), 2 drift found
(or, for ``sync --plan``, changes planned), 1 an error on any device or in the command line; 130 when ``sync`` or
``apply`` was interrupted (``cli.interrupt``). Nornir, rich and the network layer are imported inside the
commands, so ``--help`` is fast and needs no optional extra.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from diffsync_automation.cli.failures import fail

if TYPE_CHECKING:
    from nornir.core.task import AggregatedResult, Result

    from diffsync_automation.cli.runs import RunnerChoice
    from diffsync_automation.report.model import DriftReport

    Task = Callable[..., Result]

EXIT_EXPLAINED = (
    "Exit codes: 0 no drift (or all fixed), 2 drift found (or changes planned), 1 error on any device or in the"
    " command line, 130 interrupted (SIGINT/SIGTERM during sync or apply)."
)


class StateOption(str, Enum):
    """The ``state`` option, as in Ansible's network resource modules."""

    merged = "merged"
    replaced = "replaced"
    overridden = "overridden"
    deleted = "deleted"


Inventory = Annotated[
    Path,
    typer.Option(
        "--inventory",
        "-i",
        help="The devices and their intended state: a Nornir SimpleInventory directory (hosts.yaml, groups.yaml,"
        " defaults.yaml), a Nornir config file (nornir.yaml, any inventory plugin) or an Ansible inventory (INI or"
        " YAML file, or a directory with group_vars/ and host_vars/). Each host's data is its intended state.",
        exists=True,
    ),
]
DEFAULT_WORKERS = 50
"""Devices at once. 1000 lab devices on 2 cores, the lab on the same cores, two worker processes (the default for
200+ devices): 50 (25 per process) took 15.5-16.0 s against 18.2-19.4 s with 25, 16.3 s with 36 and 16.5 s with
80, and 23.3-24.0 s against 25.3 s with two CPU-bound processes beside it (docs/performance.md, "Fleet runs").
In one process (below 200 devices) 50 threads are as fast as 25 at 100 devices."""
Workers = Annotated[
    int,
    typer.Option("--workers", "-w", min=1, help="Devices handled at once (threads, shared out over --processes)."),
]
Processes = Annotated[
    int | None,
    typer.Option(
        "--processes",
        min=1,
        help="Worker processes sharing the devices, each with its share of --workers threads. Default: one per CPU"
        " for inventories of 200 devices or more, else 1 (threads in this process).",
        show_default=False,
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Run the checks on this dask scheduler (tcp://HOST:8786); needs the \\[dask] extra. See docs/scale.md.",
    ),
]
DaskWorkers = Annotated[
    int | None,
    typer.Option(
        "--dask-workers",
        min=1,
        help="Run the checks on a local dask cluster of N worker processes; needs the \\[dask] extra.",
    ),
]
Limit = Annotated[
    list[str] | None,
    typer.Option("--limit", "-l", help="Only this host, or the hosts of this group; repeat for more."),
]
StateArg = Annotated[
    StateOption,
    typer.Option(
        "--state",
        help="overridden (default): make each managed section exactly the data, deleting objects it does not list;"
        " merged: add and update only; replaced: also reset attributes the data leaves out; deleted: remove the"
        " objects listed (identifiers suffice).",
    ),
]
ReadTimeout = Annotated[
    float,
    typer.Option("--read-timeout", min=0.1, help="Seconds to wait for each reply of a device, the login's included."),
]
ConnectTimeout = Annotated[
    float,
    typer.Option(
        "--connect-timeout", min=0.1, help="Seconds to wait for the TCP connect, the SSH banner and the login each."
    ),
]


def _report_to_stdout(param: typer.CallbackParam, value: Path | None) -> Path | None:
    """``-`` sends this report to stdout; the table and messages then go to stderr."""
    from diffsync_automation.cli.output import STDOUT_PATH, claim_stdout

    if value == STDOUT_PATH:
        try:
            claim_stdout(param.opts[0])
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


_STDOUT_HELP = " Use - for stdout."
JsonReport = Annotated[
    Path | None,
    typer.Option(
        "--json",
        help="Write the JSON report (schema: docs/drift-report.schema.json)." + _STDOUT_HELP,
        callback=_report_to_stdout,
    ),
]
JunitReport = Annotated[
    Path | None,
    typer.Option(
        "--junit",
        help="Write JUnit XML: a test case per device, failing on drift." + _STDOUT_HELP,
        callback=_report_to_stdout,
    ),
]
MarkdownReport = Annotated[
    Path | None,
    typer.Option(
        "--markdown",
        help="Write Markdown for a pull-request comment or a CI job summary." + _STDOUT_HELP,
        callback=_report_to_stdout,
    ),
]
HtmlReport = Annotated[
    Path | None,
    typer.Option(
        "--html",
        help="Write a self-contained HTML page with expandable diffs." + _STDOUT_HELP,
        callback=_report_to_stdout,
    ),
]
GracePeriod = Annotated[
    float,
    typer.Option(
        "--grace-period",
        min=0,
        help="On SIGINT/SIGTERM no device starts; pushes under way get this many seconds to finish before they are"
        " cut between two lines (a second signal cuts them at once). The reports are written; exit code 130.",
    ),
]
RollbackOnFailure = Annotated[
    bool,
    typer.Option(
        "--rollback-on-failure",
        help="Return a device whose push fails or is cut part-way to its configuration before the push (the inverse"
        " changes, verified by a re-read); the reports say which devices were rolled back and whether it worked.",
    ),
]
PlanKeyFile = Annotated[
    Path | None,
    typer.Option(
        "--plan-key-file",
        help="Sign (sync --plan) or require a signature on (apply) the plan with HMAC-SHA256 under the key in this"
        " file; default: the key in $DIFFSYNC_AUTOMATION_PLAN_KEY, if set. Without a key the checksum only catches"
        " accidental edits.",
        dir_okay=False,
    ),
]

DRIFT_EPILOG = f"""Examples:

  diffsync-automation drift -i inventory/

  diffsync-automation drift -i inventory/ --limit core --json out/drift.json --junit out/drift.xml

  diffsync-automation drift -i inventory/ --markdown "$GITHUB_STEP_SUMMARY" || test $? -eq 2

  diffsync-automation drift -i playbooks/inventory/ --json - | jq .totals

{EXIT_EXPLAINED}
"""

SYNC_EPILOG = f"""Examples:

  diffsync-automation sync -i inventory/                      # fix every device now

  diffsync-automation sync -i inventory/ --plan plan.json     # save the changes for review; exit code 2 if any

  diffsync-automation apply --plan plan.json                  # later: apply exactly those changes

{EXIT_EXPLAINED}
"""

APPLY_EPILOG = f"""Examples:

  diffsync-automation sync -i inventory/ --plan plan.json && echo "nothing to do"

  diffsync-automation apply --plan plan.json --html out/applied.html

A device is refused (status error, kind plan_stale) when its live configuration is no longer the one the plan
was made from; the other devices are applied. {EXIT_EXPLAINED}
"""


def drift(
    inventory: Inventory,
    workers: Workers = DEFAULT_WORKERS,
    processes: Processes = None,
    scheduler: Scheduler = None,
    dask_workers: DaskWorkers = None,
    limit: Limit = None,
    state: StateArg = StateOption.overridden,
    read_timeout: ReadTimeout = 20.0,
    connect_timeout: ConnectTimeout = 10.0,
    json_report: JsonReport = None,
    junit_report: JunitReport = None,
    markdown_report: MarkdownReport = None,
    html_report: HtmlReport = None,
) -> None:
    """Check every device of the inventory for drift, without changing anything.

    Reads each device over SSH and compares it with the host's inventory data (its intended state), and
    its running configuration with its intended configuration, per feature (docs/compliance.md).

    The table and the reports show per device what differs and which commands a sync would send.
    """
    from diffsync_automation.network.options import CheckOptions
    from diffsync_automation.network.target import State
    from nornir_plugins.tasks import diffsync_compliance

    options = CheckOptions(
        state=State(state.value),
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
        base_dir=_intended_base(inventory),
    )
    runner = _runner(workers, processes, scheduler, dask_workers)
    report, _ = _run_with_outcome(inventory, runner, limit, "checking", diffsync_compliance, options=options)
    report.mode = "check"
    _finish(report, "drift", json_report, junit_report, markdown_report, html_report)


def sync(
    inventory: Inventory,
    plan: Annotated[
        Path | None,
        typer.Option("--plan", help="Do not change anything: save the changes to this plan file for `apply`."),
    ] = None,
    plan_key_file: PlanKeyFile = None,
    workers: Workers = DEFAULT_WORKERS,
    processes: Processes = None,
    scheduler: Scheduler = None,
    dask_workers: DaskWorkers = None,
    limit: Limit = None,
    state: StateArg = StateOption.overridden,
    max_deletes: Annotated[
        int | None, typer.Option("--max-deletes", min=0, help="Refuse to sync a device deleting more objects.")
    ] = None,
    read_timeout: ReadTimeout = 20.0,
    connect_timeout: ConnectTimeout = 10.0,
    grace_period: GracePeriod = 60.0,
    rollback_on_failure: RollbackOnFailure = False,
    json_report: JsonReport = None,
    junit_report: JunitReport = None,
    markdown_report: MarkdownReport = None,
    html_report: HtmlReport = None,
) -> None:
    """Make every device match its inventory data, or (with --plan) save what that would change.

    Without --plan: each device with drift gets its commands in one configuration session, then is read back.

    With --plan: nothing is pushed. The plan file records each device's diff, commands and config fingerprint.

    Review the plan, then push it with `apply --plan`.
    """
    from diffsync_automation.network.options import CheckOptions
    from diffsync_automation.network.target import State
    from nornir_plugins.tasks import diffsync_compliance, diffsync_plan

    options = CheckOptions(
        state=State(state.value),
        dry_run=plan is not None,
        max_deletes=max_deletes,
        read_timeout=read_timeout,
        connect_timeout=connect_timeout,
        rollback_on_failure=rollback_on_failure,
        base_dir=_intended_base(inventory),
    )
    runner = _runner(workers, processes, scheduler, dask_workers)
    if plan is not None:
        key = _plan_key(plan_key_file)
        report, outcome = _run_with_outcome(
            inventory, runner, limit, "planning", diffsync_plan, grace_period, options=options
        )
        report.mode = "check"
        _save_plan(report, outcome, plan, inventory, key)
    else:
        report, _ = _run_with_outcome(
            inventory, runner, limit, "syncing", diffsync_compliance, grace_period, options=options
        )
        report.mode = "sync"
    _finish(report, "sync" if plan is None else "sync --plan", json_report, junit_report, markdown_report, html_report)


def apply(
    plan: Annotated[
        Path,
        typer.Option("--plan", help="Plan file written by `sync --plan`.", dir_okay=False, exists=True),
    ],
    inventory: Annotated[
        Path | None,
        typer.Option(
            "--inventory",
            "-i",
            help="Inventory with the devices' connection details, any kind --inventory takes (default: the plan's).",
            exists=True,
        ),
    ] = None,
    plan_key_file: PlanKeyFile = None,
    workers: Workers = DEFAULT_WORKERS,
    processes: Processes = None,
    scheduler: Scheduler = None,
    dask_workers: DaskWorkers = None,
    read_timeout: ReadTimeout = 20.0,
    connect_timeout: ConnectTimeout = 10.0,
    grace_period: GracePeriod = 60.0,
    rollback_on_failure: RollbackOnFailure = False,
    json_report: JsonReport = None,
    junit_report: JunitReport = None,
    markdown_report: MarkdownReport = None,
    html_report: HtmlReport = None,
) -> None:
    """Apply a saved plan: push exactly its changes to devices that have not changed since.

    The plan's checksum (and, with a plan key, its signature) is verified first.

    Each device is then read again and refused if its configuration changed.

    The other devices get exactly the plan's commands and are read back to verify.

    Configuration remediation in the plan (masked) is recomputed and sent only if it is unchanged.
    """
    from diffsync_automation.cli.output import stderr
    from diffsync_automation.network.options import CheckOptions
    from diffsync_automation.network.planfile import Plan, PlanError
    from diffsync_automation.report.model import DeviceReport, DriftReport
    from nornir_plugins.tasks import diffsync_apply

    try:
        saved = Plan.read(plan, _plan_key(plan_key_file))
    except PlanError as exc:
        fail(f"{plan}: {exc}", exc)
    entries = {entry.host: entry for entry in saved.devices}
    directory = inventory or Path(saved.inventory)
    if entries:
        options = CheckOptions(
            dry_run=False,
            read_timeout=read_timeout,
            connect_timeout=connect_timeout,
            rollback_on_failure=rollback_on_failure,
            base_dir=_intended_base(directory),
        )
        report, outcome = _run_with_outcome(
            directory,
            _runner(workers, processes, scheduler, dask_workers),
            list(entries),
            "applying",
            diffsync_apply,
            grace_period,
            entries=entries,
            options=options,
        )
        for host in sorted(set(entries) - set(outcome)):
            report.add(DeviceReport.from_error(host, "inventory", f"{host} is not in {directory}", dry_run=False))
    else:
        stderr.print(f"{plan}: the plan has no changes; nothing to apply")
        report = DriftReport()
    report.mode = "apply"
    report.finish()
    _finish(report, "apply", json_report, junit_report, markdown_report, html_report)


# ---------------------------------------------------------------------------------------------------- shared
def _intended_base(inventory: Path) -> Path:
    """Where ``intended_config_file`` and ``intended_config_template`` paths start: the inventory directory."""
    return inventory if inventory.is_dir() else inventory.parent


def _runner(workers: int, processes: int | None, scheduler: str | None, dask_workers: int | None) -> RunnerChoice:
    """The runner choice for the options given; exit 1 with a message if they conflict."""
    from diffsync_automation.cli.inventory_source import InventoryError
    from diffsync_automation.cli.runs import RunnerChoice

    try:
        return RunnerChoice(workers, processes, scheduler, dask_workers)
    except InventoryError as exc:
        fail(str(exc), exc)


PUSHING_LABELS = ("syncing", "applying")
"""The progress labels of the runs that change devices."""


def _run_with_outcome(
    inventory: Path,
    runner: RunnerChoice,
    limit: list[str] | None,
    label: str,
    task: Task,
    grace_period: float | None = None,
    **params: Any,
) -> tuple[DriftReport, AggregatedResult]:
    """Run ``task`` over the inventory with a progress bar; exit 1 with a message if the inventory is unusable.

    With a ``grace_period``, SIGINT/SIGTERM stop the run (``cli.interrupt``): the report then says how, and lists
    every host the run did not reach as ``not_started``.
    """
    from diffsync_automation.cli.interrupt import Interruption, stop_on_signals
    from diffsync_automation.cli.inventory_source import InventoryError
    from diffsync_automation.cli.output import progress_bar
    from diffsync_automation.cli.runs import open_inventory, run_task
    from diffsync_automation.report.model import DeviceReport

    try:
        nornir = open_inventory(inventory, runner, limit or ())
    except InventoryError as exc:
        fail(str(exc), exc)
    signals = stop_on_signals(grace_period) if grace_period is not None else nullcontext(Interruption())
    with progress_bar() as progress, signals as caught:
        report, outcome = run_task(nornir, task, progress, label, **params)
    if caught.happened:
        report.interrupted = caught.summary()
        reached = {device.host for device in report.devices}
        for host in nornir.inventory.hosts:
            if host not in reached:
                report.add(DeviceReport.not_started(host, dry_run=label not in PUSHING_LABELS))
        report.finish()
    return report, outcome


def _plan_key(path: Path | None) -> bytes | None:
    """The plan signing key of ``--plan-key-file`` or the environment; exit 1 with a message if it is unusable."""
    from diffsync_automation.cli.failures import fail
    from diffsync_automation.network.planfile import PlanError, load_plan_key

    try:
        return load_plan_key(path)
    except PlanError as exc:
        fail(str(exc), exc)


def _save_plan(report: DriftReport, outcome: AggregatedResult, path: Path, inventory: Path, key: bytes | None) -> None:
    """Write the plan unless a device failed (a plan must cover every device it was asked for)."""
    from diffsync_automation.cli.output import screen
    from diffsync_automation.network.planfile import Plan
    from nornir_plugins.tasks import plan_entries

    if report.interrupted is not None:
        screen.print("plan not saved: the run was interrupted")
        return
    if report.totals.error:
        screen.print(f"plan not saved: {report.totals.error} device(s) failed")
        return
    plan = Plan(inventory=str(inventory.resolve()), devices=plan_entries(outcome))
    plan.write(path, key)
    signed = ", signed" if key is not None else ""
    screen.print(f"plan saved: {path} ({len(plan.devices)} device(s) to change{signed}); apply with:")
    screen.print(f"  diffsync-automation apply --plan {path}")


def _finish(
    report: DriftReport,
    command: str,
    json_path: Path | None,
    junit_path: Path | None,
    markdown_path: Path | None,
    html_path: Path | None,
) -> None:
    """Write the reports asked for, show the table and exit with the report's code (after one line on stderr
    saying how an interrupted run was stopped)."""
    from diffsync_automation.cli.output import show_report, stderr, write_reports

    written = write_reports(
        report, {"json": json_path, "junit": junit_path, "markdown": markdown_path, "html": html_path}
    )
    show_report(report, written, command)
    if report.interrupted is not None:
        totals = report.totals
        finished = totals.devices - totals.interrupted - totals.not_started
        stderr.print(
            f"{report.interrupted}; {finished} device(s) finished, {totals.interrupted} cut short,"
            f" {totals.not_started} not started (exit code {report.exit_code})"
        )
    raise typer.Exit(report.exit_code)


def register(app: typer.Typer) -> None:
    """Add ``drift``, ``sync`` and ``apply`` to the top-level command line."""
    app.command(epilog=DRIFT_EPILOG)(drift)
    app.command(epilog=SYNC_EPILOG)(sync)
    app.command(epilog=APPLY_EPILOG)(apply)
