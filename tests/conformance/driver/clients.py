"""The client libraries under test: how to run each bot, and where the libraries legitimately differ
in how they report the same Telegram answer."""

import os
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE_DIR = os.path.dirname(HERE)


@dataclass(frozen=True)
class Client:
    name: str
    script: str
    # The exception type the library raises for a 400 from sendMessage, and whether it carries
    # Telegram's error_code (python-telegram-bot 13's exceptions do not).
    bad_request_type: str
    errors_carry_code: bool
    # python-telegram-bot reports a 409 to its error handlers and keeps polling; grammY ends
    # Bot.start() with the error (the bot then exits 1).
    keeps_polling_after_conflict: bool

    def argv(self, interpreter, api, token_file):
        return [interpreter, self.script, "--api", api, "--token-file", token_file]

    @property
    def cwd(self):
        return os.path.dirname(self.script)

    def is_conflict(self, event, fragment):
        """Whether a bot event is this library's report of a 409 whose description has
        `fragment`."""
        description = event.get("description", "")
        if fragment.lower() not in description.lower():
            return False
        if self.keeps_polling_after_conflict:
            return event["event"] == "error" and event.get("error_type") == "Conflict"
        return event["event"] == "polling_stopped" and event.get("error_code") == 409

    def is_bad_request(self, event):
        if event.get("error_type") != self.bad_request_type:
            return False
        return not self.errors_carry_code or event.get("error_code") == 400


CLIENTS = {
    "ptb": Client(
        name="ptb",
        script=os.path.join(CONFORMANCE_DIR, "python", "ptb_bot.py"),
        bad_request_type="BadRequest",
        errors_carry_code=False,
        keeps_polling_after_conflict=True),
    "grammy": Client(
        name="grammy",
        script=os.path.join(CONFORMANCE_DIR, "node", "grammy_bot.js"),
        bad_request_type="GrammyError",
        errors_carry_code=True,
        keeps_polling_after_conflict=False),
}
