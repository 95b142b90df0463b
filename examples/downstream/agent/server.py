"""The echo agent's server: /health, the replies, and the poll decision of the agent contract.

    python3 server.py --config <file> --port <port> [--no-telegram-poll]
"""

import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import echo_agent
from lifeline import poll_forever


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--no-telegram-poll", action="store_true")
    args = parser.parse_args()
    echo_agent.exit_on_sigterm()

    config = echo_agent.load_config(args.config)
    log = echo_agent.Log(config["logDir"], f"server-{args.port}.log")
    token = echo_agent.read_token(config)
    api = echo_agent.BotApi(config["telegramApi"], token) if token else None

    # Decided once, at start: exactly one process may poll a token.
    if args.no_telegram_poll:
        log("Telegram send-only mode (polling disabled by --no-telegram-poll)")
    elif token and echo_agent.lease_owned(config["stateDir"], token):
        log("Telegram send-only mode (lifeline owns polling (lease detected))")
    elif token:
        log("Telegram polling mode (no lifeline lease)")
        threading.Thread(target=poll_forever, args=(config, api, log, echo_agent.reply_to),
                         daemon=True).start()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/health":
                self._answer(200, {"ok": True, "pid": os.getpid()})
            else:
                self._answer(404, {"ok": False})

        def do_POST(self):
            if self.path != "/updates" or api is None:
                self._answer(404, {"ok": False})
                return
            length = int(self.headers.get("Content-Length", "0"))
            update = json.loads(self.rfile.read(length) or b"{}")
            echo_agent.reply_to(api, update, log)
            self._answer(200, {"ok": True})

        def _answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):  # requests are not worth a log line each
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    log(f"listening on 127.0.0.1:{args.port}")
    server.serve_forever()


if __name__ == "__main__":
    main()
