"""What the echo agent's server and lifeline share: its config, its log, the Bot API and the
poll-ownership lease (test-as-self's agent contract, docs/agent-contract.md)."""

import hashlib
import json
import os
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request

LEASE_FILE = "telegram-poll-owner.json"
LEASE_STALE_AFTER_MS = 90_000


def load_config(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def exit_on_sigterm():
    """SIGTERM ends the process at once, even inside a long poll: the handler raises SystemExit
    in the main thread, which interrupts the blocking read."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))


class Log:
    """One line per event, to the agent's own log file (which the harness scans) and stdout."""

    def __init__(self, directory, name):
        os.makedirs(directory, exist_ok=True)
        self._file = open(os.path.join(directory, name), "a", encoding="utf-8", buffering=1)

    def __call__(self, message):
        line = f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {message}"
        self._file.write(line + "\n")
        print(line, flush=True)


def read_token(config):
    """The bot token, from the 0600 file the harness wrote; None when the run has no bot."""
    path = config.get("tokenFile") or ""
    if not path:
        return None
    with open(path, encoding="utf-8") as file:
        return file.read().strip() or None


class BotApi:
    """The Bot API over plain HTTP: one JSON POST per method. Errors come back as Telegram's own
    answer ({"ok": false, "error_code": ..., "description": ...}); the token, which is part of
    every URL, never appears in what this returns or logs."""

    def __init__(self, base_url, token):
        self._base_url = base_url.rstrip("/")
        self._token = token

    def call(self, method, params, timeout_s):
        request = urllib.request.Request(
            f"{self._base_url}/bot{self._token}/{method}",
            data=json.dumps(params).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            try:
                return json.load(error)
            except ValueError:
                return {"ok": False, "error_code": error.code, "description": error.reason}
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return {"ok": False, "error_code": 0, "description": f"unreachable: {reason}"}


def token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def write_lease(state_dir, token):
    """The lease, replaced atomically: a reader sees the old one or the new one, never half."""
    os.makedirs(state_dir, exist_ok=True)
    lease = {"pid": os.getpid(), "tokenHash": token_hash(token),
             "heartbeatTs": int(time.time() * 1000), "v": 1}
    descriptor, temporary = tempfile.mkstemp(dir=state_dir, prefix=".lease-")
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(lease, file)
    os.replace(temporary, os.path.join(state_dir, LEASE_FILE))


def lease_owned(state_dir, token):
    """Whether a lifeline owns polling for this token: the lease exists, has exactly the
    contract's shape, is fresh and names this token. Anything else is "not owned"."""
    try:
        with open(os.path.join(state_dir, LEASE_FILE), encoding="utf-8") as file:
            lease = json.load(file)
    except (OSError, ValueError):
        return False
    if not isinstance(lease, dict) or set(lease) != {"pid", "tokenHash", "heartbeatTs", "v"}:
        return False
    if lease["v"] != 1 or not all(type(lease[key]) is int for key in ("pid", "heartbeatTs", "v")):
        return False
    age_ms = int(time.time() * 1000) - lease["heartbeatTs"]
    return 0 <= age_ms <= LEASE_STALE_AFTER_MS and lease["tokenHash"] == token_hash(token)


def reply_to(api, update, log):
    """Answers a user's text message with "echo: <text>", in the same chat and topic."""
    message = update.get("message") or {}
    text = message.get("text")
    if text is None or (message.get("from") or {}).get("is_bot"):
        return
    params = {"chat_id": message["chat"]["id"], "text": f"echo: {text}"}
    if "message_thread_id" in message:
        params["message_thread_id"] = message["message_thread_id"]
    answer = api.call("sendMessage", params, timeout_s=10)
    if answer.get("ok"):
        log(f"replied to message {message.get('message_id')}")
    else:
        log(f"sendMessage failed: {answer.get('error_code')} {answer.get('description')}")
