"""JSON over HTTP to the fake, with the Bot API envelope kept whole (errors included)."""

import json
import urllib.error
import urllib.request


def post_json(url, body, timeout_s):
    """POSTs `body` as JSON; returns (HTTP status, decoded envelope) for success and error alike."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
