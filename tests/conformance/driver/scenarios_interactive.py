"""Scenarios beyond plain messages: the command menu, inline buttons and callback queries, a bot's
edits and a person's edits, a photo uploaded and downloaded again."""

from scenarios import bot_api_ok, note, the_reply
from stage import GROUP_ID, USER_ID
from waiting import PATIENCE_S, expect, wait_until

COMMANDS = [{"command": "start", "description": "Say hello"},
            {"command": "menu", "description": "Pick from buttons"},
            {"command": "edit_me", "description": "Send a draft and edit it"}]
MENU = {"inline_keyboard": [[{"text": "Yes", "callback_data": "pick:yes"},
                             {"text": "No", "callback_data": "pick:no"}]]}


def message_in_history(stage, chat_id, message_id):
    return next((m for m in stage.fake.chat_history(chat_id) if m["message_id"] == message_id),
                None)


def set_my_commands(stage):
    """The command menu the bot sets at start-up is what getMyCommands answers."""
    stage.start_bot()
    commands = bot_api_ok(stage, "getMyCommands")
    expect(commands == COMMANDS, f"getMyCommands answered {commands}; expected {COMMANDS}")
    note("setMyCommands at start-up; getMyCommands gives the menu back")


def callback_button(stage):
    """A press on an inline button reaches the library's callback handler as a callback_query; its
    answerCallbackQuery reaches the person, and its edit replaces the message and its keyboard."""
    bot = stage.start_bot()
    menu = the_reply(stage, stage.say("/menu"))
    expect(menu["text"] == "Pick one" and menu.get("reply_markup") == MENU,
           f"the menu arrived as {menu}; expected the keyboard {MENU}")
    note("the inline keyboard arrived with the message")
    query_id = stage.fake.control("press_button", {
        "user_id": USER_ID, "chat_id": GROUP_ID, "message_id": menu["message_id"],
        "callback_data": "pick:yes"})["callback_query_id"]
    seen = bot.wait_event("the callback handler", lambda e: e["event"] == "callback")
    expect(seen == {"event": "callback", "data": "pick:yes", "message_id": menu["message_id"],
                    "from_id": USER_ID},
           f"the callback handler saw {seen}")
    note("the press reached the library's callback handler with its data, message and person")
    answer = stage.fake.control("callback_answer", {
        "callback_query_id": query_id, "timeout_ms": int(PATIENCE_S * 1000)})
    expect(answer.get("answered") and answer.get("text") == "picked yes",
           f"the person saw the answer {answer}; expected the text 'picked yes'")
    note("answerCallbackQuery reached the person")

    def menu_after_the_edit():
        message = message_in_history(stage, GROUP_ID, menu["message_id"])
        return message if message["text"] == "You picked yes" else None

    edited = wait_until(menu_after_the_edit, "the menu message to be edited to 'You picked yes'")
    expect("reply_markup" not in edited and edited.get("edit_date"),
           f"the edited message is {edited}: an edit without reply_markup removes the keyboard")
    note("editMessageText replaced the text and removed the keyboard")


def edit_message_text(stage):
    """A bot edits its own message: the library gets the edited Message (edit_date) and the chat
    shows only the new text."""
    bot = stage.start_bot()
    command = stage.say("/edit_me")
    edited = bot.wait_event("the edited Message", lambda e: e["event"] == "edited")
    expect(edited["text"] == "final" and edited["has_edit_date"],
           f"the library got back {edited}; expected text 'final' with an edit_date")
    note("editMessageText returned the edited Message")
    posted = stage.fake.bot_messages(GROUP_ID, command["message_id"], 1)
    stored = message_in_history(stage, GROUP_ID, edited["message_id"])
    expect(posted[0]["message_id"] == edited["message_id"] and stored["text"] == "final"
           and stored.get("edit_date"), f"the chat has {stored}")
    note("the chat shows the edited text")


def user_edit(stage):
    """A person edits a message: the library hands the edited_message update to its edit handler,
    not to the handler of new messages."""
    stage.start_bot()
    original = stage.say("first version")
    echo = the_reply(stage, original)
    expect(echo["text"] == "first version", f"echo {echo}")
    stage.fake.control("edit", {"user_id": USER_ID, "chat_id": GROUP_ID,
                                "message_id": original["message_id"], "text": "second version"})
    reply = stage.fake.bot_messages(GROUP_ID, echo["message_id"], 1)[0]
    expect(reply["text"] == "edited: second version",
           f"after the edit the bot said {reply['text']!r}; expected 'edited: second version'")
    note("the edit reached the edit handler")


def photo_upload(stage):
    """A photo uploaded by the library (multipart) arrives with its size and caption, and getFile
    plus the file URL give the same bytes back."""
    bot = stage.start_bot()
    command = stage.say("/photo")
    photo = bot.wait_event("the uploaded photo",
                           lambda e: e["event"] in ("photo", "photo_failed"))
    expect(photo["event"] == "photo",
           f"the library's upload was refused: {photo}. Telegram accepts this library's uploads, "
           "so the fake differs here (see the Conformance section of docs/fake-telegram.md)")
    expect((photo["width"], photo["height"], photo["caption"]) == (3, 2, "three by two"),
           f"the library got back {photo}; expected a 3x2 photo captioned 'three by two'")
    note("sendPhoto's Message has the photo's size and the caption")
    expect(photo["same_bytes"], "getFile and the file URL did not give the uploaded bytes back")
    note("getFile and the download gave the same bytes back")
    posted = stage.fake.bot_messages(GROUP_ID, command["message_id"], 1)[0]
    expect(posted["message_id"] == photo["message_id"] and posted.get("photo"),
           f"the chat has {posted}")
