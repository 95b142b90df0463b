"""The conformance bot on python-telegram-bot 13 (Updater and Dispatcher, long polling).

It behaves as the grammY bot does, so one driver checks both:
  /start [args]   -> replies "started [args]" (also /start@<its username>, never another bot's)
  /bad_markdown   -> sends "Done. 1.5 MB!" as MarkdownV2, which Telegram refuses; reports the
                     library's error and replies "could not send: <description>"
  /good_markdown, /good_html -> sends formatted text; reports the Message the library parsed
  /menu           -> "Pick one" with inline buttons Yes/No; a press is answered
                     (answerCallbackQuery "picked <choice>") and the message edited to
                     "You picked <choice>"
  /edit_me        -> sends "draft" and edits it to "final"; reports the edited Message
  /photo          -> uploads a 3x2 PNG with a caption, then downloads it again by getFile;
                     reports the PhotoSize and whether the bytes came back the same
  other text      -> replies with the same text; an edited text -> replies "edited: <text>"
At start-up it sets its command menu (setMyCommands).
Every outcome is a JSON line on stdout; polling errors go through the library's error handlers.
"""

import argparse
import base64
import io
import json
import logging
import sys
import threading

try:
    from telegram import (BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, ParseMode,
                          TelegramError)
    from telegram.ext import (CallbackQueryHandler, CommandHandler, Filters, MessageHandler,
                              Updater)
except ImportError as missing:
    print(f"python-telegram-bot is not importable by {sys.executable} ({missing}); "
          "run scripts/bootstrap.sh", file=sys.stderr)
    sys.exit(3)

# Short enough that the Updater's stop, which waits for the running getUpdates, is quick: every
# scenario ends by stopping the bot, and a long poll still parks on each call.
POLL_TIMEOUT_S = 1
GOOD_MARKDOWN = "*bold* _italic_ `code`"
GOOD_HTML = '<b>bold</b> <i>italic</i> <a href="https://example.com/">link</a>'

COMMANDS = [("start", "Say hello"), ("menu", "Pick from buttons"),
            ("edit_me", "Send a draft and edit it")]
MENU = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="pick:yes"),
                              InlineKeyboardButton("No", callback_data="pick:no")]])
# A red 3x2 PNG: small, and its width and height are not the same.
PIXELS_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElE"
    "QVR4nGP4z8AAQQxwFgBB0gX7h/C5SAAAAABJRU5ErkJggg==")

_report_lock = threading.Lock()


def report(event, **fields):
    # The polling thread and the dispatcher thread both report.
    with _report_lock:
        print(json.dumps({"event": event, **fields}), flush=True)


def describe(message):
    return {"text": message.text, "message_id": message.message_id,
            "entities": [entity.to_dict() for entity in message.entities]}


def on_start(update, context):
    update.effective_message.reply_text(" ".join(["started", *context.args]))


def on_bad_markdown(update, _context):
    try:
        update.effective_message.reply_text("Done. 1.5 MB!", parse_mode=ParseMode.MARKDOWN_V2)
    except TelegramError as error:
        report("send_failed", error_type=type(error).__name__, description=error.message)
        update.effective_message.reply_text(f"could not send: {error.message}")


def on_good_markdown(update, _context):
    sent = update.effective_message.reply_text(GOOD_MARKDOWN, parse_mode=ParseMode.MARKDOWN_V2)
    report("sent", **describe(sent))


def on_good_html(update, _context):
    sent = update.effective_message.reply_text(GOOD_HTML, parse_mode=ParseMode.HTML)
    report("sent", **describe(sent))


def on_menu(update, _context):
    update.effective_message.reply_text("Pick one", reply_markup=MENU)


def on_pick(update, _context):
    query = update.callback_query
    choice = query.data.split(":", 1)[1]
    report("callback", data=query.data, message_id=query.message.message_id,
           from_id=query.from_user.id)
    query.answer(text=f"picked {choice}")
    query.edit_message_text(f"You picked {choice}")


def on_edit_me(update, _context):
    draft = update.effective_message.reply_text("draft")
    edited = draft.edit_text("final")
    report("edited", text=edited.text, message_id=edited.message_id,
           has_edit_date=edited.edit_date is not None)


def on_photo(update, context):
    try:
        sent = update.effective_message.reply_photo(
            io.BytesIO(PIXELS_PNG), caption="three by two", filename="pixels.png")
        largest = sent.photo[-1]
        downloaded = context.bot.get_file(largest.file_id).download_as_bytearray()
    except TelegramError as error:
        report("photo_failed", error_type=type(error).__name__, description=error.message)
        return
    report("photo", width=largest.width, height=largest.height, caption=sent.caption,
           message_id=sent.message_id, same_bytes=bytes(downloaded) == PIXELS_PNG)


def on_text(update, _context):
    update.effective_message.reply_text(update.effective_message.text)


def on_edited_text(update, _context):
    message = update.edited_message
    message.reply_text(f"edited: {message.text}")


def on_error(_update, context):
    error = context.error
    report("error", error_type=type(error).__name__,
           description=getattr(error, "message", str(error)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="Bot API root, e.g. http://127.0.0.1:8081")
    parser.add_argument("--token-file", required=True, help="file holding the bot token")
    args = parser.parse_args()
    with open(args.token_file) as token_file:
        token = token_file.read().strip()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    updater = Updater(token=token, base_url=f"{args.api}/bot", base_file_url=f"{args.api}/file/bot")
    dispatcher = updater.dispatcher
    dispatcher.add_handler(CommandHandler("start", on_start))
    dispatcher.add_handler(CommandHandler("bad_markdown", on_bad_markdown))
    dispatcher.add_handler(CommandHandler("good_markdown", on_good_markdown))
    dispatcher.add_handler(CommandHandler("good_html", on_good_html))
    dispatcher.add_handler(CommandHandler("menu", on_menu))
    dispatcher.add_handler(CommandHandler("edit_me", on_edit_me))
    dispatcher.add_handler(CommandHandler("photo", on_photo))
    dispatcher.add_handler(CallbackQueryHandler(on_pick, pattern=r"^pick:"))
    # A MessageHandler also sees edits unless told otherwise.
    dispatcher.add_handler(
        MessageHandler(Filters.update.message & Filters.text & ~Filters.command, on_text))
    dispatcher.add_handler(
        MessageHandler(Filters.update.edited_message & Filters.text, on_edited_text))
    dispatcher.add_error_handler(on_error)

    me = updater.bot.get_me()
    updater.bot.set_my_commands([BotCommand(name, about) for name, about in COMMANDS])
    updater.start_polling(timeout=POLL_TIMEOUT_S)
    report("started", username=me.username, id=me.id)
    updater.idle()  # until SIGTERM or SIGINT, then stops polling and the dispatcher
    report("stopped")


if __name__ == "__main__":
    main()
