"""The echo agent's lifeline: the one process that long-polls the Bot API for the token. After
every answered getUpdates it renews the lease, and it forwards each update to the server.

    python3 lifeline.py --config <file>
"""

import argparse
import json
import time
import urllib.request

import echo_agent


def poll_forever(config, api, log, handle, on_answer=lambda: None):
    offset = None
    first = True
    while True:
        # The first poll returns at once, so the lease is written as soon as the token works.
        timeout_s = 0 if first else int(config.get("pollTimeoutS", 25))
        params = {"timeout": timeout_s, "allowed_updates": ["message"]}
        if offset is not None:
            params["offset"] = offset
        answer = api.call("getUpdates", params, timeout_s=timeout_s + 10)
        if not answer.get("ok"):
            log(f"getUpdates failed: {answer.get('error_code')} {answer.get('description')}")
            time.sleep(1)
            continue
        first = False
        on_answer()
        for update in answer.get("result", []):
            offset = update["update_id"] + 1
            handle(api, update, log)


def forward_to_server(port):
    def forward(api, update, log):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/updates", data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=15):
                pass
        except OSError as error:
            log(f"could not forward update {update.get('update_id')} to the server: {error}")
    return forward


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    echo_agent.exit_on_sigterm()

    config = echo_agent.load_config(args.config)
    log = echo_agent.Log(config["logDir"], "lifeline.log")
    token = echo_agent.read_token(config)
    if token is None:
        log("no bot token: nothing to poll")
        return
    api = echo_agent.BotApi(config["telegramApi"], token)
    log("polling for updates")
    poll_forever(config, api, log, forward_to_server(config["port"]),
                 on_answer=lambda: echo_agent.write_lease(config["stateDir"], token))


if __name__ == "__main__":
    main()
