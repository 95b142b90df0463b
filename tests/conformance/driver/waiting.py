"""Waiting on conditions with a deadline, never on the clock alone."""

import time

# Generous: a slow CI machine under two parallel test jobs must not turn into a failure.
PATIENCE_S = 20.0
# Between two looks at a condition that cannot be waited on directly (counters).
POLL_INTERVAL_S = 0.05


class ScenarioFailure(AssertionError):
    """A scenario saw something other than what Telegram would have done; says what and what not."""


def wait_until(condition, what, timeout=PATIENCE_S):
    """Returns condition()'s first truthy value; fails naming `what` when the deadline passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise ScenarioFailure(f"waited {timeout:.0f} s for {what}; it did not happen")
        time.sleep(POLL_INTERVAL_S)


def expect(condition, message):
    if not condition:
        raise ScenarioFailure(message)
