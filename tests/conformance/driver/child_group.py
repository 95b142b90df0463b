"""A child process in a process group of its own, so that ending it ends everything it started and
"nothing left running" can be checked for the whole group."""

import os
import signal
import subprocess
import time

from waiting import PATIENCE_S, ScenarioFailure


class ChildGroup:
    def __init__(self, name, argv, stdout, stderr_path, cwd=None):
        self.name = name
        self.stderr_path = stderr_path
        self._stderr = open(stderr_path, "wb")
        self.process = subprocess.Popen(
            argv, stdout=stdout, stderr=self._stderr, stdin=subprocess.DEVNULL,
            cwd=cwd, start_new_session=True)
        self.pgid = self.process.pid

    def stderr_text(self):
        self._stderr.flush()
        with open(self.stderr_path, "rb") as stderr:
            return stderr.read().decode(errors="replace")

    def wait_for_exit(self, timeout=PATIENCE_S):
        """The exit code, or None when it is still running at the deadline."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=PATIENCE_S):
        """SIGTERM, then the exit code; a child that ignores SIGTERM is killed and reported."""
        if self.process.poll() is None:
            os.killpg(self.pgid, signal.SIGTERM)
        code = self.wait_for_exit(timeout)
        if code is None:
            self.kill()
            raise ScenarioFailure(
                f"{self.name} still ran {timeout:.0f} s after SIGTERM; killed it. "
                f"stderr:\n{self.stderr_text()}")
        return code

    def kill(self):
        """Last resort in teardown: the whole group, without asking."""
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.wait_for_exit(PATIENCE_S)

    def close(self):
        self._stderr.close()

    def group_is_empty(self):
        """True when no process of the group is left (the leader already reaped)."""
        deadline = time.monotonic() + PATIENCE_S
        while time.monotonic() < deadline:
            try:
                os.killpg(self.pgid, 0)
            except ProcessLookupError:
                return True
            # A grandchild may still be on its way out after the leader exited.
            time.sleep(0.05)
        return False
