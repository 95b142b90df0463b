"""The macro benchmark's figures: summarized from the runs, and printed with their goals."""

from stats import median, percentile

GOALS = {
    "ratio": 1.10,              # run wall / intrinsic
    "latency_p50_ms": 2.0,      # health, lease, log line
    "latency_p99_ms": 10.0,
    "ignorers_over_grace_ms": 50.0,   # teardown with ignorers: ≤ 1 × grace + this
    "exit_over_own_ms": 20.0,   # teardown of a well-behaved agent: ≤ its own exit time + this
    "eight_over_one": 1.2,      # 8 concurrent runs' batch / one run's wall
}
DETECTED = ("health", "lease", "log line", "reply")
GOAL_LATENCIES = ("health", "lease", "log line")


def summarize(runs, teardowns, batches):
    one_run_ms = median([r["wall_s"] * 1000 for r in runs])
    summary = {
        "runs": len(runs),
        "wall_ms": {"p50": one_run_ms, "p99": percentile([r["wall_s"] * 1000 for r in runs], .99)},
        "intrinsic_ms": {"p50": median([r["intrinsic_ms"] for r in runs])},
        "intrinsic_parts_ms": {part: median([r["intrinsic_parts_ms"][part] for r in runs])
                               for part in runs[0]["intrinsic_parts_ms"]} if runs else {},
        "ratio": {"p50": median([r["ratio"] for r in runs]),
                  "p99": percentile([r["ratio"] for r in runs], .99)},
        "steps_ms": {name: median([r["steps_ms"][name] for r in runs])
                     for name in runs[0]["steps_ms"]} if runs else {},
        "latency_ms": {what: {"p50": median([r["latency_ms"][what] for r in runs]),
                              "p99": percentile([r["latency_ms"][what] for r in runs], .99)}
                       for what in DETECTED},
        "teardown_ms": {0: {"runs": len(runs), "p50": median([r["teardown_ms"] for r in runs]),
                            "own_exit_p50": median([r["own_exit_ms"] for r in runs]),
                            "excess_p50": median([r["teardown_ms"] - r["own_exit_ms"]
                                                  for r in runs])}},
        "max_rss_mib": {"p50": median([r["max_rss_kib"] / 1024 for r in runs]),
                        "max": max((r["max_rss_kib"] / 1024 for r in runs), default=float("nan"))},
        "batches": {},
    }
    for k, records in teardowns.items():
        summary["teardown_ms"][k] = {"runs": len(records),
                                     "p50": median([r["teardown_ms"] for r in records]),
                                     "p99": percentile([r["teardown_ms"] for r in records], .99)}
    for size in sorted({b["size"] for b in batches}):
        walls = [b["wall_s"] * 1000 for b in batches if b["size"] == size]
        summary["batches"][size] = {"batches": len(walls), "p50_ms": median(walls),
                                    "over_one_run": median(walls) / one_run_ms}
    return summary


def verdict(met):
    return "met" if met else "MISSED"


def print_table(summary, machine, runs, batch_count, failures):
    load = " ".join(f"{x:.2f}" for x in machine["load_before"])
    load_after = " ".join(f"{x:.2f}" for x in machine["load_after"])
    print(f"\nWhole runs ({machine['cores']} cores, {machine['machine']}, load average {load} "
          f"before, {load_after} after; {summary['runs']} of {runs} runs complete, "
          f"{batch_count} batches per size; stop grace {machine['stop_grace_s']} s)")
    row = "{:44} {:>20}  {:24} {}"
    print(row.format("figure", "measured", "goal", ""))
    ratio = summary["ratio"]
    print(row.format("run wall time, p50", f"{summary['wall_ms']['p50']:.1f} ms", "", ""))
    print(row.format("agent's intrinsic time, p50", f"{summary['intrinsic_ms']['p50']:.1f} ms",
                     "", ""))
    print(row.format("wall / intrinsic, p50 (p99)", f"{ratio['p50']:.2f} ({ratio['p99']:.2f})",
                     f"<= {GOALS['ratio']:.2f}", verdict(ratio["p50"] <= GOALS["ratio"])))
    for what in DETECTED:
        figure = summary["latency_ms"][what]
        measured = f"{figure['p50']:.2f} / {figure['p99']:.2f} ms"
        if what in GOAL_LATENCIES:
            met = figure["p50"] <= GOALS["latency_p50_ms"] and figure["p99"] <= GOALS["latency_p99_ms"]
            print(row.format(f"detection, {what}: p50 / p99", measured,
                             f"<= {GOALS['latency_p50_ms']:.0f} / {GOALS['latency_p99_ms']:.0f} ms",
                             verdict(met)))
        else:
            print(row.format(f"detection, {what}: p50 / p99", measured, "(none)", ""))
    teardown = summary["teardown_ms"]
    zero = teardown[0]
    print(row.format("teardown, well-behaved, p50", f"{zero['p50']:.1f} ms",
                     f"<= own exit {zero['own_exit_p50']:.1f} + 20 ms",
                     verdict(zero["excess_p50"] <= GOALS["exit_over_own_ms"])))
    limit = machine["stop_grace_s"] * 1000 + GOALS["ignorers_over_grace_ms"]
    for k in sorted(key for key in teardown if key != 0):
        figure = teardown[k]
        print(row.format(f"teardown, {k} ignoring SIGTERM, p50 (p99)",
                         f"{figure['p50']:.0f} ({figure['p99']:.0f}) ms", f"<= {limit:.0f} ms",
                         verdict(figure["p50"] <= limit)))
    for size, figure in summary["batches"].items():
        goal = f"<= {GOALS['eight_over_one']:.1f}x one run" if size == 8 else ""
        print(row.format(f"{size} concurrent runs, batch wall p50",
                         f"{figure['p50_ms']:.0f} ms = {figure['over_one_run']:.2f}x", goal,
                         verdict(figure["over_one_run"] <= GOALS["eight_over_one"]) if goal else ""))
    rss = summary["max_rss_mib"]
    print(row.format("CLI peak RSS, p50 (max)", f"{rss['p50']:.1f} ({rss['max']:.1f}) MiB",
                     "(none)", ""))
    parts = ", ".join(f"{k} {v:.1f}" for k, v in summary["intrinsic_parts_ms"].items())
    steps = ", ".join(f"{k} {v}" for k, v in summary["steps_ms"].items())
    print(f"intrinsic parts, p50 ms: {parts}")
    print(f"report's step durations, p50 ms: {steps}")
    for failure in failures:
        print(f"failed run ({failure['scenario']}): {failure['why']}, exit {failure['exit_code']}")
