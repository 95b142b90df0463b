"""One scenario's world: a fresh fake-telegram with one bot, a user, a group and a forum; the bot
processes it starts; and a teardown that ends all of them and checks that nothing is left."""

import os
import tempfile

from bot_process import BotProcess
from fake_telegram import FakeTelegram
from waiting import ScenarioFailure

TOKEN = "7100001:conformance_Token-abcdefghijklmnop"
BOT = "conformance_bot"
OTHER_BOT = "someone_elses_bot"
USER_ID = 4242
GROUP_ID = -1001500
FORUM_ID = -1001600
TOPICS = (7, 8)


class Stage:
    def __init__(self, fake_executable, client, interpreter):
        self.client = client
        self.interpreter = interpreter
        self._tmp = tempfile.TemporaryDirectory(prefix=f"conformance-{client.name}-")
        self.workdir = self._tmp.name
        self.token_file = os.path.join(self.workdir, "token")
        with open(os.open(self.token_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as out:
            out.write(TOKEN)
        self.bots = []
        self.fake = FakeTelegram(
            fake_executable, self.workdir,
            bots=[{"token": TOKEN, "username": BOT, "first_name": "Conformance"}],
            users=[{"id": USER_ID, "first_name": "Ada"}],
            chats=[{"id": GROUP_ID, "title": "group", "bots": [BOT]},
                   {"id": FORUM_ID, "title": "forum", "is_forum": True,
                    "topics": list(TOPICS), "bots": [BOT]}])

    def start_bot(self, wait_until_polling=True):
        """Starts another instance of the bot; by default returns once it reported its start-up
        and its long poll is parked at the fake."""
        index = len(self.bots) + 1
        try:
            bot = BotProcess(
                f"{self.client.name} bot #{index}",
                self.client.argv(self.interpreter, self.fake.base_url, self.token_file),
                stderr_path=os.path.join(self.workdir, f"bot-{index}.stderr"),
                cwd=self.client.cwd)
        except FileNotFoundError as missing:
            raise ScenarioFailure(f"cannot run the {self.client.name} bot ({missing}); "
                                  "run scripts/bootstrap.sh") from missing
        self.bots.append(bot)
        if wait_until_polling:
            bot.wait_started()
            self.fake.wait_parked(BOT)
        return bot

    def say(self, text, chat_id=GROUP_ID, topic=None):
        """The user posts `text`; returns the Message as the fake stored it."""
        return self.fake.send_as_user(USER_ID, chat_id, text, topic)

    def teardown(self):
        """Ends every process (bots first, then the fake), even after a failure, and fails when
        any of them left a process behind."""
        problems = []
        for child in [bot.child for bot in self.bots] + [self.fake.child]:
            if child.process.poll() is None:
                child.kill()  # only after a failure: a passing scenario has stopped them all
            if not child.group_is_empty():
                problems.append(f"{child.name} left processes in its group {child.pgid}")
                child.kill()
            child.close()
        self._tmp.cleanup()
        if problems:
            raise ScenarioFailure("; ".join(problems))
