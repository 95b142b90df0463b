#!/usr/bin/env python3
"""The macro benchmark: whole test-as-self runs against the reference agent.

Measures, per run, the wall time against what the agent itself needs (its intrinsic time), how
long the harness takes to notice each thing it waits for, the teardown with and without
processes that ignore SIGTERM, batches of concurrent runs, and the CLI's peak RSS; prints a table
with the goals beside the figures and writes every figure to a JSON file. docs/performance.md,
'Whole runs', says what each figure means.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agent_timings import MissingEvent, analyse, analyse_teardown
from deploy_run import STOP_GRACE_S, RunFiles, Scenario, finish_run, run_once, start_run
from report_table import print_table, summarize

WELL_BEHAVED = Scenario("well-behaved", {}, 0)
# The fault switches that leave processes alive after SIGTERM: ignoreSigterm on the server holds
# two (the server and the demotion proof's second server, which share the config).
IGNORERS = {
    1: Scenario("1 ignores SIGTERM", {"ignoreSigterm": {"process": "lifeline"}}, 1),
    2: Scenario("2 ignore SIGTERM", {"ignoreSigterm": {"process": "server"}}, 2),
}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", type=Path, help="a build with test-as-self and the agent")
    parser.add_argument("--runs", type=int, default=20, help="runs per figure (default 20)")
    parser.add_argument("--batches", type=int, default=5,
                        help="batches per concurrency level (default 5)")
    parser.add_argument("--concurrency", default="1,2,4,8", help="runs per batch (default 1,2,4,8)")
    parser.add_argument("--json", type=Path, help="where to write the figures "
                        "(default <build_dir>/macro-bench.json)")
    return parser.parse_args()


def put_drop(cli):
    """A fresh test bot token into Secret Drop through stdin; the runs get only its ID."""
    token = "7200000001:" + os.urandom(24).hex()
    put = subprocess.run([str(cli), "secret", "put", "--label", "macro bench bot"],
                         input=token.encode(), stdout=subprocess.PIPE, check=True)
    return put.stdout.decode().strip()


class Bench:
    def __init__(self, cli, build_dir, drop_id, work):
        self.cli, self.build_dir, self.drop_id, self.work = cli, build_dir, drop_id, work
        self.count = 0
        self.failures = []

    def files(self):
        self.count += 1
        return RunFiles(self.work / f"run-{self.count:04}")

    def note_failure(self, record, why):
        self.failures.append({"scenario": record["scenario"], "exit_code": record["exit_code"],
                              "why": why, "output": (Path(record["directory"]) / "cli.log")
                              .read_text(errors="replace")[-2000:]})

    def single(self, scenario, analyser):
        record = run_once(self.cli, self.build_dir, self.drop_id, self.files(), scenario)
        try:
            return analyser(record) if record["report"] else None
        except (MissingEvent, KeyError, TypeError, StopIteration) as error:
            self.note_failure(record, f"incomplete: {error!r}")
            return None
        finally:
            if record["exit_code"] != 0 and scenario is WELL_BEHAVED:
                self.note_failure(record, "exit code")

    def batch(self, size):
        """`size` runs started together; the batch's wall time is until the last one ends."""
        started = time.monotonic()
        running = []
        for _ in range(size):
            files = self.files()
            running.append((files, *start_run(self.cli, self.build_dir, self.drop_id, files,
                                              WELL_BEHAVED)))
        records = [finish_run(process, begun, files, WELL_BEHAVED)
                   for files, process, begun in running]
        wall = time.monotonic() - started
        for record in records:
            if record["exit_code"] != 0:
                self.note_failure(record, f"exit code in a batch of {size}")
        return {"size": size, "wall_s": wall, "run_walls_s": [r["wall_s"] for r in records],
                "exit_codes": [r["exit_code"] for r in records]}


def slim(record):
    """A run's record without the report itself (the figures taken from it stay)."""
    return {key: value for key, value in record.items() if key != "report"}


def main():
    args = parse_arguments()
    build_dir = args.build_dir.resolve()
    cli = build_dir / "harness" / "cli" / "test-as-self"
    for needed in (cli, build_dir / "examples" / "reference_agent" / "profile.json"):
        if not needed.exists():
            sys.exit(f"bench: {needed} is missing: build test-as-self and reference_agent there")
    out = args.json or build_dir / "macro-bench.json"
    sizes = [int(n) for n in args.concurrency.split(",")]

    load_before = os.getloadavg()
    drop_id = put_drop(cli)
    try:
        with tempfile.TemporaryDirectory(prefix="tas-macro-bench.") as work:
            bench = Bench(cli, build_dir, drop_id, Path(work))
            bench.single(WELL_BEHAVED, analyse)  # warm-up: page cache, first fork of each binary
            print(f"bench: {args.runs} runs of a well-behaved agent", flush=True)
            runs = [r for r in (bench.single(WELL_BEHAVED, analyse) for _ in range(args.runs)) if r]
            teardowns = {}
            for k, scenario in IGNORERS.items():
                print(f"bench: {args.runs} runs with {scenario.name}", flush=True)
                teardowns[k] = [r for r in (bench.single(scenario, analyse_teardown)
                                            for _ in range(args.runs)) if r]
            batches = []
            for size in sizes:
                print(f"bench: {args.batches} batches of {size} concurrent runs", flush=True)
                batches += [bench.batch(size) for _ in range(args.batches)]
    finally:
        subprocess.run([str(cli), "secret", "rm", drop_id], stdout=subprocess.DEVNULL, check=False)
    load_after = os.getloadavg()

    machine = {"cores": os.cpu_count(), "machine": platform.machine(),
               "kernel": platform.release(), "load_before": load_before, "load_after": load_after,
               "build_dir": build_dir.name, "stop_grace_s": STOP_GRACE_S}
    summary = summarize(runs, teardowns, batches)
    print_table(summary, machine, args.runs, args.batches, bench.failures)
    out.write_text(json.dumps({"machine": machine, "summary": summary,
                               "runs": [slim(r) for r in runs],
                               "teardowns": {k: [slim(r) for r in v] for k, v in teardowns.items()},
                               "batches": batches, "failures": bench.failures}, indent=1))
    print(f"figures: {out}")
    return 1 if bench.failures else 0


if __name__ == "__main__":
    sys.exit(main())
