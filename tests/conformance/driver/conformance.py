"""Runs one conformance scenario of one client library against the fake-telegram executable:
starts the fake, runs the library's bot as a child process, acts as the user through the control
API and checks what the bot did. Exits 0 when the scenario passed, 1 with the reason when not."""

import argparse
import sys

import scenarios
import scenarios_interactive
from clients import CLIENTS
from stage import Stage
from waiting import ScenarioFailure, expect

SCENARIOS = {
    "startup": scenarios.startup,
    "long_polling_offsets": scenarios.long_polling_offsets,
    "start_command": scenarios.start_command,
    "echo": scenarios.echo,
    "forum_topic": scenarios.forum_topic,
    "parse_mode_error": scenarios.parse_mode_error,
    "formatted_text": scenarios.formatted_text,
    "conflict_second_poller": scenarios.conflict_second_poller,
    "webhook_switch": scenarios.webhook_switch,
    "set_my_commands": scenarios_interactive.set_my_commands,
    "callback_button": scenarios_interactive.callback_button,
    "edit_message_text": scenarios_interactive.edit_message_text,
    "user_edit": scenarios_interactive.user_edit,
    "photo_upload": scenarios_interactive.photo_upload,
}


def stop_cleanly(stage):
    """A bot still running ends on SIGTERM with 0, as under a supervisor; then the fake does."""
    for bot in stage.bots:
        if bot.child.process.poll() is None:
            code = bot.stop()
            expect(code == 0, f"{bot.name} exited {code} on SIGTERM; stderr:\n"
                              f"{bot.child.stderr_text()}")
    stage.fake.stop()


def logs(stage):
    children = [bot.child for bot in stage.bots] + [stage.fake.child]
    return "\n".join(f"--- stderr of {child.name} ---\n{child.stderr_text()}"
                     for child in children if child.stderr_text().strip())


def run(args):
    label = f"conformance {args.client}/{args.scenario}"
    client = CLIENTS[args.client]
    try:
        stage = Stage(args.fake, client, args.interpreter)
    except ScenarioFailure as error:
        print(f"{label}: FAILED\nthe fake did not start: {error}", file=sys.stderr)
        return 1
    failure = None
    try:
        SCENARIOS[args.scenario](stage)
        stop_cleanly(stage)
        print("  ok: every process stopped cleanly on SIGTERM")
    except ScenarioFailure as error:
        failure = f"{error}\n{logs(stage)}"
    finally:
        try:
            stage.teardown()
        except ScenarioFailure as error:
            failure = f"{failure or ''}\nteardown: {error}"
    if failure:
        print(f"{label}: FAILED\n{failure}", file=sys.stderr)
        return 1
    print(f"  ok: no process left running\n{label}: passed")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fake", required=True, help="the fake-telegram executable")
    parser.add_argument("--client", required=True, choices=sorted(CLIENTS))
    parser.add_argument("--interpreter", required=True,
                        help="runs the client's bot: a python3 that has python-telegram-bot, "
                             "or node")
    parser.add_argument("--scenario", required=True, choices=list(SCENARIOS))
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
