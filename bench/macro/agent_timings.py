"""What one run's report and the agent's own timings say, side by side.

The agent (examples/reference_agent, "timingsFile") writes one JSON line per event with its
calendar time in microseconds; the report's evidence says when the harness saw each thing
(`seen_at_us`). From the two:

- the run's intrinsic time: what the agent itself needs in a run (docs/performance.md, 'Whole
  runs' defines it);
- detection latencies: from the agent's event to the moment the harness saw it.
"""


class MissingEvent(Exception):
    pass


def step(report, name):
    return next(s for s in report["steps"] if s["name"] == name)


def event_time(events, process, event, port=None):
    """The calendar time (µs) of `event` in `process` (a server told apart by its port)."""
    pid = None
    if port is not None:
        starts = [e for e in events if e["process"] == process and e["event"] == "start"
                  and e.get("port") == port]
        if not starts:
            raise MissingEvent(f"{process} on port {port}: no start")
        pid = starts[0]["pid"]
    for e in events:
        if e["process"] == process and e["event"] == event and (pid is None or e["pid"] == pid):
            return e["t_us"]
    raise MissingEvent(f"{process}{'' if port is None else f' on port {port}'}: no {event}")


def exit_times_ms(events):
    """Each process's own time from the signal to its exit, in ms."""
    signalled = {e["pid"]: e["t_us"] for e in events if e["event"] == "signal"}
    return {e["pid"]: (e["t_us"] - signalled[e["pid"]]) / 1000
            for e in events if e["event"] == "exit" and e["pid"] in signalled}


def analyse(record):
    """Adds the intrinsic time, its parts and the detection latencies (ms) to a run's record."""
    report, events = record["report"], record["events"]
    start = step(report, "start")["evidence"]
    main_port = step(report, "target-prep")["evidence"]["port"]
    probe = start["demotion_probe"]
    round_trip = step(report, "round-trip")["evidence"]

    server = lambda event: event_time(events, "server", event, port=main_port)
    prober = lambda event: event_time(events, "server", event, port=probe["port"])
    lifeline = lambda event: event_time(events, "lifeline", event)
    ms = lambda microseconds: microseconds / 1000

    # When the harness had started each process (its program running): an agent's start-up
    # before its first timestamp — loading its program and libraries — is the agent's own time.
    started = {p["role"]: p["started_at_us"] for p in start["processes"]}
    exits = exit_times_ms(events)
    parts = {
        "rebuild": ms(event_time(events, "rebuild", "exit") - event_time(events, "rebuild", "start")),
        "healthy_and_leased": ms(max(server("listening") - started["server"],
                                     lifeline("lease_written") - started["lifeline"])),
        "demotion": ms(prober("mode_logged") - started["server-demotion-probe"]),
        "message_to_reply": ms(server("reply_sent") - lifeline("update_received")),
        "exit": sum(exits.values()),
    }
    record["intrinsic_parts_ms"] = parts
    record["intrinsic_ms"] = sum(parts.values())
    record["ratio"] = record["wall_s"] * 1000 / record["intrinsic_ms"]
    record["latency_ms"] = {
        "health": ms(start["health"]["seen_at_us"] - server("listening")),
        # From the start of the agent's first write: the harness can see the lease once it is
        # renamed into place, before the write call returns, so this bounds the latency above.
        "lease": ms(start["lease"]["seen_at_us"] - lifeline("lease_writing")),
        "log line": ms(probe["seen_at_us"] - prober("mode_logged")),
        # From the moment the agent sends it: the fake hands the reply to the user's long poll
        # before the agent has read sendMessage's answer.
        "reply": ms(round_trip["reply_seen_at_us"] - server("reply_sending")),
    }
    record["steps_ms"] = {s["name"]: s["duration_ms"] for s in report["steps"]}
    record["teardown_ms"] = record["steps_ms"]["teardown"]
    record["own_exit_ms"] = parts["exit"]
    return record


def analyse_teardown(record):
    """For runs with processes that ignore SIGTERM: only the teardown and what the agent says."""
    record["steps_ms"] = {s["name"]: s["duration_ms"] for s in record["report"]["steps"]}
    record["teardown_ms"] = record["steps_ms"]["teardown"]
    record["own_exit_ms"] = sum(exit_times_ms(record["events"]).values())
    return record
