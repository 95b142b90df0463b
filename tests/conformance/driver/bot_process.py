"""A conformance bot (one client library) as a child process. It reports what its library did as
JSON lines on stdout, {"event": "started", ...}, {"event": "send_failed", ...} and so on; the
driver waits on those events and on what the fake saw."""

import json
import subprocess
import threading

from child_group import ChildGroup
from waiting import PATIENCE_S, ScenarioFailure

# The bots exit with this when their client library cannot be loaded.
EXIT_LIBRARY_MISSING = 3


class BotProcess:
    def __init__(self, name, argv, stderr_path, cwd=None):
        self.name = name
        self.child = ChildGroup(name, argv, stdout=subprocess.PIPE, stderr_path=stderr_path,
                                cwd=cwd)
        self._events = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read_events, daemon=True)
        self._reader.start()

    def _read_events(self):
        for raw in self.child.process.stdout:
            line = raw.decode(errors="replace").strip()
            try:
                event = json.loads(line)
            except ValueError:
                event = {"event": "unparsed", "line": line}
            with self._changed:
                self._events.append(event)
                self._changed.notify_all()
        with self._changed:
            self._events.append({"event": "stdout_closed"})
            self._changed.notify_all()

    def events(self, kind=None):
        with self._changed:
            return [e for e in self._events if kind is None or e["event"] == kind]

    def wait_event(self, what, predicate, timeout=PATIENCE_S):
        """The first event matching `predicate`; fails with every event seen and the bot's stderr
        when none came by the deadline or the bot ended first."""
        def found():
            return next((e for e in self._events if predicate(e)), None)

        def ended():
            return any(e["event"] == "stdout_closed" for e in self._events)

        with self._changed:
            self._changed.wait_for(lambda: found() is not None or ended(), timeout)
            event = found()
        if event is not None:
            return event
        self._fail_waiting(what, timeout)

    def _fail_waiting(self, what, timeout):
        ended = any(e["event"] == "stdout_closed" for e in self.events())
        # A bot whose output ended is exiting: its code tells a missing library from a crash.
        code = self.child.wait_for_exit() if ended else self.child.process.poll()
        if code == EXIT_LIBRARY_MISSING:
            raise ScenarioFailure(f"{self.name}: {self.child.stderr_text().strip()}")
        state = "still running" if code is None else f"exited with {code}"
        raise ScenarioFailure(
            f"{self.name} did not report {what} within {timeout:.0f} s ({state}).\n"
            f"events: {self.events()}\nstderr:\n{self.child.stderr_text()}")

    def wait_started(self):
        return self.wait_event("its start-up (getMe done, polling begun)",
                               lambda e: e["event"] == "started")

    def stop(self):
        """SIGTERM, as a supervisor stops a bot; returns the exit code."""
        return self.child.stop()
