"""One whole test-as-self run against the reference agent, measured from outside.

The run gets a profile of its own (the build's reference-agent profile with the agent's timings
file, the scenario's fault switches and a 1 s stop grace), a target, a report path and a timings
file in the bench's work directory; the CLI runs as a child whose wall time and peak RSS
(wait4's rusage) are taken here. Nothing of the run is kept but its report and the agent's
timings: the home is removed by the run's own teardown.
"""

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Scenario:
    name: str
    faults: dict
    ignorers: int  # processes that outlive SIGTERM until the grace ends


@dataclass
class RunFiles:
    directory: Path

    @property
    def profile(self):
        return self.directory / "profile.json"

    @property
    def target(self):
        return self.directory / "home"

    @property
    def report(self):
        return self.directory / "report.json"

    @property
    def timings(self):
        return self.directory / "timings.jsonl"

    @property
    def output(self):
        return self.directory / "cli.log"


STOP_GRACE_S = 1  # the profile's shortest: an ignorer costs at least this at teardown


def write_profile(build_dir: Path, files: RunFiles, scenario: Scenario):
    agent_dir = build_dir / "examples" / "reference_agent"
    profile = json.loads((agent_dir / "profile.json").read_text())
    profile["dist"] = str(agent_dir / "dist")
    profile["config"]["initial"]["timingsFile"] = str(files.timings)
    profile["config"]["initial"]["faults"] = scenario.faults
    profile["timeouts"]["stop_grace_s"] = STOP_GRACE_S
    files.profile.write_text(json.dumps(profile, indent=2))


def start_run(cli: Path, build_dir: Path, drop_id: str, files: RunFiles, scenario: Scenario):
    """Starts one run and returns (process, started_at); finish_run() waits for it."""
    files.directory.mkdir(parents=True)
    write_profile(build_dir, files, scenario)
    argv = [str(cli), "--bot-token", drop_id, "--profile", str(files.profile), "--target",
            str(files.target), "--report-json", str(files.report), "--timeout-s", "120"]
    output = open(files.output, "wb")
    started = time.monotonic()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=output,
                               stderr=subprocess.STDOUT)
    output.close()
    return process, started


def finish_run(process, started: float, files: RunFiles, scenario: Scenario):
    """Waits for a run and returns its record: wall time, peak RSS, exit code, report, timings."""
    # wait4, not Popen.wait: its rusage holds the CLI's peak RSS (the largest of it and the
    # children it reaped, which are smaller).
    _, status, usage = os.wait4(process.pid, 0)
    wall_s = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    report = json.loads(files.report.read_text()) if files.report.exists() else None
    events = []
    if files.timings.exists():
        events = [json.loads(line) for line in files.timings.read_text().splitlines() if line]
    return {
        "scenario": scenario.name,
        "ignorers": scenario.ignorers,
        "exit_code": process.returncode,
        "wall_s": wall_s,
        "max_rss_kib": usage.ru_maxrss,
        "report": report,
        "events": events,
        "directory": str(files.directory),
    }


def run_once(cli, build_dir, drop_id, files, scenario):
    process, started = start_run(cli, build_dir, drop_id, files, scenario)
    return finish_run(process, started, files, scenario)
