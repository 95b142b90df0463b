"""The fake-telegram executable as a child process: its world from setup files, its control API and
raw Bot API calls for what a test does as the operator (setWebhook while a bot polls)."""

import json
import os
import re
import select
import subprocess
import time

from child_group import ChildGroup
from http_json import post_json
from waiting import PATIENCE_S, ScenarioFailure, expect

ANNOUNCEMENT = re.compile(r"fake-telegram listening on (http://127\.0\.0\.1:\d+)")


class FakeTelegram:
    def __init__(self, executable, workdir, bots, users, chats):
        bots_file = os.path.join(workdir, "bots.json")
        chats_file = os.path.join(workdir, "chats.json")
        with open(bots_file, "w") as out:
            json.dump({"bots": bots}, out)
        with open(chats_file, "w") as out:
            json.dump({"users": users, "chats": chats}, out)
        self.child = ChildGroup(
            "fake-telegram",
            [executable, "--bots-file", bots_file, "--chats-file", chats_file],
            stdout=subprocess.PIPE,
            stderr_path=os.path.join(workdir, "fake-telegram.stderr"))
        try:
            self.base_url = self._read_announcement()
        except ScenarioFailure:
            self.child.kill()
            raise

    def _read_announcement(self):
        stdout = self.child.process.stdout
        ready, _, _ = select.select([stdout], [], [], PATIENCE_S)
        line = stdout.readline().decode() if ready else ""
        match = ANNOUNCEMENT.fullmatch(line.strip())
        if not match:
            raise ScenarioFailure(
                f"fake-telegram did not announce its port (got {line!r}); "
                f"stderr:\n{self.child.stderr_text()}")
        return match.group(1)

    def control(self, endpoint, body=None, timeout_s=PATIENCE_S + 5):
        status, envelope = post_json(f"{self.base_url}/_control/{endpoint}", body or {}, timeout_s)
        expect(status == 200 and envelope.get("ok"),
               f"control {endpoint} {body} answered {status} {envelope}")
        return envelope["result"]

    def bot_api(self, token, method, body=None):
        """(HTTP status, envelope) of a Bot API call, as the bot's operator would make it."""
        return post_json(f"{self.base_url}/bot{token}/{method}", body or {}, PATIENCE_S)

    def send_as_user(self, user_id, chat_id, text, topic=None):
        body = {"user_id": user_id, "chat_id": chat_id, "text": text}
        if topic is not None:
            body["message_thread_id"] = topic
        return self.control("send", body)

    def counters(self, bot):
        return self.control("counters", {"bot": bot})

    def wait_parked(self, bot, count=1):
        reached = self.control(
            "wait_parked", {"bot": bot, "count": count, "timeout_ms": int(PATIENCE_S * 1000)})
        expect(reached["reached"],
               f"{bot} never had {count} getUpdates parked (a long poll waiting) within "
               f"{PATIENCE_S:.0f} s; counters: {self.counters(bot)}")

    def bot_messages(self, chat_id, after_message_id, count, timeout=PATIENCE_S):
        """The first `count` messages bots posted in the chat after `after_message_id` (any topic);
        fails listing what did arrive when fewer came by the deadline."""
        deadline = time.monotonic() + timeout
        seen = []
        last = after_message_id
        while len(seen) < count:
            left_ms = int((deadline - time.monotonic()) * 1000)
            if left_ms <= 0:
                raise ScenarioFailure(
                    f"expected {count} bot message(s) in chat {chat_id} after message "
                    f"{after_message_id} within {timeout:.0f} s; got {len(seen)}: "
                    f"{[m.get('text') for m in seen]}")
            batch = self.control("bot_messages", {
                "chat_id": chat_id, "after_message_id": last, "timeout_ms": left_ms})
            seen.extend(batch)
            if batch:
                last = batch[-1]["message_id"]
        return seen[:count]

    def chat_history(self, chat_id):
        return self.control("chat_history", {"chat_id": chat_id})

    def stop(self):
        code = self.child.stop()
        expect(code == 0, f"fake-telegram exited {code} on SIGTERM; stderr:\n"
                          f"{self.child.stderr_text()}")
