"""The scenarios every client library goes through against the fake, each a function of a Stage.
Each states what Telegram does; a failure says what the library or the fake did instead."""

from stage import BOT, FORUM_ID, GROUP_ID, OTHER_BOT, TOKEN, TOPICS
from waiting import expect, wait_until

WEBHOOK_URL = "https://example.com/conformance-hook"
TERMINATED_BY_OTHER_POLL = ("Conflict: terminated by other getUpdates request; "
                            "make sure that only one bot instance is running")
TERMINATED_BY_SET_WEBHOOK = "Conflict: terminated by setWebhook request"
WEBHOOK_IS_ACTIVE = ("Conflict: can't use getUpdates method while webhook is active; "
                     "use deleteWebhook to delete the webhook first")


def note(check):
    print(f"  ok: {check}", flush=True)


def bot_api_ok(stage, method, body=None):
    status, answer = stage.fake.bot_api(TOKEN, method, body)
    expect(status == 200 and answer.get("ok"), f"{method} {body} answered {status} {answer}")
    return answer["result"]


def the_reply(stage, sent, chat_id=GROUP_ID):
    """The one message the bot posted after the user's `sent`."""
    return stage.fake.bot_messages(chat_id, sent["message_id"], 1)[0]


def startup(stage):
    """Start-up: getMe gives the bot's identity; a webhook left from before is deleted before the
    first getUpdates (which would otherwise be a 409); then a long poll waits at the fake."""
    bot_api_ok(stage, "setWebhook", {"url": WEBHOOK_URL})
    bot = stage.start_bot(wait_until_polling=False)
    started = bot.wait_started()
    expect(started.get("username") == BOT and started.get("id") == int(TOKEN.split(":")[0]),
           f"getMe as the library saw it: {started}; expected username {BOT}")
    note("getMe answered the bot's identity")
    stage.fake.wait_parked(BOT)
    note("a long poll (getUpdates with a timeout) is parked")
    url = bot_api_ok(stage, "getWebhookInfo")["url"]
    expect(url == "", f"the webhook is still {url!r}: the library's start-up did not deleteWebhook")
    conflicts = stage.fake.counters(BOT)["conflicts"]
    expect(conflicts == 0, f"{conflicts} getUpdates answered 409: polled before deleteWebhook")
    note("deleteWebhook came before the first getUpdates")


def long_polling_offsets(stage):
    """Updates are confirmed by the next getUpdates' offset: each is handled once, in order, and a
    restarted bot does not see them again."""
    bot = stage.start_bot()
    texts = [f"update {n}" for n in range(1, 6)]
    first = stage.say(texts[0])
    for text in texts[1:]:
        stage.say(text)
    echoes = stage.fake.bot_messages(GROUP_ID, first["message_id"], len(texts))
    expect([m["text"] for m in echoes] == texts,
           f"echoes {[m['text'] for m in echoes]}, expected {texts} in order")
    note("five quick updates handled once each, in order")

    def confirmed_and_polling_again():
        counters = stage.fake.counters(BOT)
        return counters["pending_updates"] == 0 and counters["parked_now"] == 1

    wait_until(confirmed_and_polling_again,
               "the library to confirm every update (offset) and poll again")
    note("every update confirmed by the next getUpdates' offset")
    code = bot.stop()
    expect(code == 0, f"the bot exited {code} on SIGTERM; stderr:\n{bot.child.stderr_text()}")
    stage.start_bot()
    after_restart = stage.say("after restart")
    reply = stage.fake.bot_messages(GROUP_ID, echoes[-1]["message_id"], 1)[0]
    expect(reply["text"] == "after restart",
           f"the restarted bot's first reply is {reply['text']!r}: old updates came again")
    expect(reply["message_id"] > after_restart["message_id"], f"reply out of order: {reply}")
    note("a restarted bot gets only new updates")


def start_command(stage):
    """/start and /start@<this bot> fire the library's command handler; /start@<another bot>
    does not (handled in order, so its reply would come first)."""
    bot = stage.start_bot()
    ignored = stage.say(f"/start@{OTHER_BOT} ignored")
    plain = stage.say("/start first")
    stage.say(f"/start@{BOT} second")
    entities = plain.get("entities", [])
    expect(entities[:1] == [{"type": "bot_command", "offset": 0, "length": 6}],
           f"the fake gave /start the entities {entities}; Telegram gives a bot_command 0..6")
    replies = stage.fake.bot_messages(GROUP_ID, ignored["message_id"], 2)
    expect([m["text"] for m in replies] == ["started first", "started second"],
           f"command replies {[m['text'] for m in replies]}")
    expect(not bot.events("error"), f"the library reported errors: {bot.events('error')}")
    note("/start and /start@bot reached the command handler; /start@other_bot did not")


def echo(stage):
    """A user's plain text reaches the text handler; the reply lands in the same chat."""
    stage.start_bot()
    sent = stage.say("hello, fake telegram")
    reply = the_reply(stage, sent)
    expect(reply["text"] == "hello, fake telegram", f"echo {reply}")
    expect(reply["chat"]["id"] == GROUP_ID and reply["from"]["username"] == BOT,
           f"the echo came from {reply['from']} in chat {reply['chat']}")
    note("plain text echoed by the bot, in the same chat")


def forum_topic(stage):
    """A reply to a message in a forum topic lands in that topic (message_thread_id), whether the
    library sends message_thread_id or replies to the message."""
    stage.start_bot()
    for topic in TOPICS:
        sent = stage.say(f"in topic {topic}", FORUM_ID, topic)
        reply = the_reply(stage, sent, FORUM_ID)
        expect(reply.get("message_thread_id") == topic and reply.get("is_topic_message") is True,
               f"the reply to a message in topic {topic} landed as {reply}")
        note(f"the reply stayed in topic {topic}")


def parse_mode_error(stage):
    """MarkdownV2 'Done. 1.5 MB!' is refused with 400 "can't parse entities"; the library raises it
    to the bot, which goes on working."""
    bot = stage.start_bot()
    sent = stage.say("/bad_markdown")
    failure = bot.wait_event("the library's error for the refused MarkdownV2",
                             lambda e: e["event"] == "send_failed")
    expect(stage.client.is_bad_request(failure),
           f"the library reported {failure}; expected a {stage.client.bad_request_type} (400)")
    description = failure["description"].lower()
    expect("can't parse entities" in description
           and "character '.' is reserved and must be escaped" in description,
           f"description {failure['description']!r}")
    note(f"the library raised {failure['error_type']}: {failure['description']}")
    reply = the_reply(stage, sent)
    expect(reply["text"].startswith("could not send: "), f"after the error the bot sent {reply}")
    posted = [m for m in stage.fake.chat_history(GROUP_ID) if m.get("text") == "Done. 1.5 MB!"]
    expect(not posted, f"the refused text was posted anyway: {posted}")
    note("nothing was posted for the refused text; the bot went on")


FORMATTED = [
    ("/good_markdown", "bold italic code",
     [{"type": "bold", "offset": 0, "length": 4}, {"type": "italic", "offset": 5, "length": 6},
      {"type": "code", "offset": 12, "length": 4}]),
    ("/good_html", "bold italic link",
     [{"type": "bold", "offset": 0, "length": 4}, {"type": "italic", "offset": 5, "length": 6},
      {"type": "text_link", "offset": 12, "length": 4, "url": "https://example.com/"}]),
]


def formatted_text(stage):
    """Correct MarkdownV2 and HTML arrive as plain text with entities, in the Message the library
    returns and in the chat."""
    bot = stage.start_bot()
    for command, text, entities in FORMATTED:
        sent = stage.say(command)
        returned = bot.wait_event(f"the Message returned for {command}",
                                  lambda e, text=text: e["event"] == "sent" and e["text"] == text)
        expect(returned["entities"] == entities,
               f"{command}: the library's Message has entities {returned['entities']}, "
               f"expected {entities}")
        stored = the_reply(stage, sent)
        expect(stored["text"] == text and stored.get("entities") == entities,
               f"{command}: the chat has {stored}")
        note(f"{command} arrived as {text!r} with {[e['type'] for e in entities]}")


def conflict_second_poller(stage):
    """A second poller on the same token: Telegram answers the older poll 409 'terminated by other
    getUpdates request', and the library reports it."""
    first = stage.start_bot()
    second = stage.start_bot(wait_until_polling=False)
    second.wait_started()
    conflict = first.wait_event(
        "a 409 Conflict for the older poller",
        lambda e: stage.client.is_conflict(e, "terminated by other getUpdates request"))
    expect(conflict["description"] == TERMINATED_BY_OTHER_POLL,
           f"the 409 description is {conflict['description']!r}")
    note(f"the first instance's library reported: {conflict['description']}")
    if stage.client.keeps_polling_after_conflict:
        return
    code = first.child.wait_for_exit()
    expect(code == 1, f"after polling stopped the first instance exited {code}")
    stage.fake.wait_parked(BOT)
    reply = the_reply(stage, stage.say("who answers now?"))
    expect(reply["text"] == "who answers now?", f"the remaining instance answered {reply}")
    note("the first instance stopped polling; the second one answers")


def webhook_switch(stage):
    """setWebhook ends the running poll with 409 and makes getUpdates a 409 while it is set;
    deleteWebhook gives the updates back to polling."""
    bot = stage.start_bot()
    bot_api_ok(stage, "setWebhook", {"url": WEBHOOK_URL})
    conflict = bot.wait_event(
        "the 409 for the poll that setWebhook ended",
        lambda e: stage.client.is_conflict(e, "terminated by setWebhook request"))
    expect(conflict["description"] == TERMINATED_BY_SET_WEBHOOK,
           f"the 409 description is {conflict['description']!r}")
    note(f"the library reported: {conflict['description']}")
    status, answer = stage.fake.bot_api(TOKEN, "getUpdates")
    expect(status == 409 and answer.get("description") == WEBHOOK_IS_ACTIVE,
           f"getUpdates with a webhook set answered {status} {answer}")
    if stage.client.keeps_polling_after_conflict:
        bot.wait_event("the library's 409 for polling while the webhook is set",
                       lambda e: stage.client.is_conflict(e, "while webhook is active"))
        note("its retries got 409 'while webhook is active'")
    else:
        code = bot.child.wait_for_exit()
        expect(code == 1, f"after polling stopped the bot exited {code}")
        note("polling stopped; the bot exited 1")
    bot_api_ok(stage, "deleteWebhook")
    if stage.client.keeps_polling_after_conflict:
        stage.fake.wait_parked(BOT)
    else:
        stage.start_bot()  # grammY's way back: start again (its start-up also deletes webhooks)
    reply = the_reply(stage, stage.say("polling again"))
    expect(reply["text"] == "polling again", f"after deleteWebhook the bot answered {reply}")
    note("after deleteWebhook the bot polls and answers again")

