// The conformance bot on grammY (Bot.start: long polling). It behaves as the python-telegram-bot
// one does, so one driver checks both:
//   /start [args]   -> replies "started [args]" (also /start@<its username>, never another bot's)
//   /bad_markdown   -> sends "Done. 1.5 MB!" as MarkdownV2, which Telegram refuses; reports the
//                      library's error and replies "could not send: <description>"
//   /good_markdown, /good_html -> sends formatted text; reports the Message it got back
//   /menu           -> "Pick one" with inline buttons Yes/No; a press is answered
//                      (answerCallbackQuery "picked <choice>") and the message edited to
//                      "You picked <choice>"
//   /edit_me        -> sends "draft" and edits it to "final"; reports the edited Message
//   /photo          -> uploads a 3x2 PNG with a caption, then downloads it again by getFile;
//                      reports the PhotoSize and whether the bytes came back the same
//   other text      -> replies with the same text; an edited text -> replies "edited: <text>"
// At start-up it sets its command menu (setMyCommands).
// Every outcome is a JSON line on stdout. grammY ends polling on a 409 (its documented handling:
// another instance or a webhook owns the updates); the bot reports that and exits 1.
"use strict";

const fs = require("node:fs");
const { parseArgs } = require("node:util");

let grammy;
try {
  grammy = require("grammy");
} catch (missing) {
  const reason = missing.message.split("\n")[0];
  console.error(`grammY is not installed here (${reason}); run scripts/bootstrap.sh`);
  process.exit(3);
}
const { Bot, GrammyError, InlineKeyboard, InputFile } = grammy;

const GOOD_MARKDOWN = "*bold* _italic_ `code`";
const GOOD_HTML = '<b>bold</b> <i>italic</i> <a href="https://example.com/">link</a>';
const COMMANDS = [
  { command: "start", description: "Say hello" },
  { command: "menu", description: "Pick from buttons" },
  { command: "edit_me", description: "Send a draft and edit it" },
];
// A red 3x2 PNG: small, and its width and height are not the same.
const PIXELS_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElE" +
    "QVR4nGP4z8AAQQxwFgBB0gX7h/C5SAAAAABJRU5ErkJggg==",
  "base64",
);
const MENU = new InlineKeyboard().text("Yes", "pick:yes").text("No", "pick:no");

function report(event, fields = {}) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + "\n");
}

function describe(message) {
  return { text: message.text, message_id: message.message_id, entities: message.entities ?? [] };
}

function describeError(error) {
  return error instanceof GrammyError
    ? { error_type: "GrammyError", error_code: error.error_code, description: error.description }
    : { error_type: error?.constructor?.name ?? typeof error, description: String(error) };
}

// As python-telegram-bot's Filters.command: a message that starts with a bot command.
function startsWithCommand(message) {
  return (message.entities ?? []).some((e) => e.type === "bot_command" && e.offset === 0);
}

async function main() {
  const { values } = parseArgs({
    options: { api: { type: "string" }, "token-file": { type: "string" } },
  });
  if (!values.api || !values["token-file"]) {
    console.error("usage: grammy_bot.js --api <Bot API root> --token-file <file>");
    process.exit(2);
  }
  const token = fs.readFileSync(values["token-file"], "utf8").trim();
  const bot = new Bot(token, { client: { apiRoot: values.api } });

  bot.command("start", (ctx) => ctx.reply(["started", ctx.match].filter(Boolean).join(" ")));
  bot.command("bad_markdown", async (ctx) => {
    try {
      await ctx.reply("Done. 1.5 MB!", { parse_mode: "MarkdownV2" });
    } catch (error) {
      if (!(error instanceof GrammyError)) throw error;
      report("send_failed", describeError(error));
      await ctx.reply(`could not send: ${error.description}`);
    }
  });
  bot.command("good_markdown", async (ctx) => {
    report("sent", describe(await ctx.reply(GOOD_MARKDOWN, { parse_mode: "MarkdownV2" })));
  });
  bot.command("good_html", async (ctx) => {
    report("sent", describe(await ctx.reply(GOOD_HTML, { parse_mode: "HTML" })));
  });
  bot.command("menu", (ctx) => ctx.reply("Pick one", { reply_markup: MENU }));
  bot.callbackQuery(/^pick:(.+)$/, async (ctx) => {
    const choice = ctx.match[1];
    report("callback", {
      data: ctx.callbackQuery.data,
      message_id: ctx.callbackQuery.message?.message_id,
      from_id: ctx.from.id,
    });
    await ctx.answerCallbackQuery({ text: `picked ${choice}` });
    await ctx.editMessageText(`You picked ${choice}`);
  });
  bot.command("edit_me", async (ctx) => {
    const draft = await ctx.reply("draft");
    const edited = await ctx.api.editMessageText(draft.chat.id, draft.message_id, "final");
    report("edited", {
      text: edited.text,
      message_id: edited.message_id,
      has_edit_date: edited.edit_date !== undefined,
    });
  });
  bot.command("photo", async (ctx) => {
    let sent;
    try {
      sent = await ctx.replyWithPhoto(new InputFile(PIXELS_PNG, "pixels.png"), {
        caption: "three by two",
      });
    } catch (error) {
      report("photo_failed", describeError(error));
      return;
    }
    const largest = sent.photo.at(-1);
    const file = await ctx.api.getFile(largest.file_id);
    // grammY's core has no download; its files plugin fetches this same URL.
    const response = await fetch(`${values.api}/file/bot${token}/${file.file_path}`);
    const downloaded = Buffer.from(await response.arrayBuffer());
    report("photo", {
      width: largest.width,
      height: largest.height,
      caption: sent.caption,
      message_id: sent.message_id,
      same_bytes: response.ok && downloaded.equals(PIXELS_PNG),
    });
  });
  bot.on("message:text", async (ctx) => {
    if (!startsWithCommand(ctx.msg)) await ctx.reply(ctx.msg.text);
  });
  bot.on("edited_message:text", (ctx) => ctx.reply(`edited: ${ctx.editedMessage.text}`));
  bot.catch((failure) => report("error", describeError(failure.error)));
  await bot.api.setMyCommands(COMMANDS);

  process.once("SIGTERM", () => bot.stop());
  process.once("SIGINT", () => bot.stop());
  bot
    .start({ onStart: (me) => report("started", { username: me.username, id: me.id }) })
    .then(() => report("stopped"))
    .catch((error) => {
      report("polling_stopped", describeError(error));
      process.exitCode = 1;
    });
}

main().catch((error) => {
  report("startup_failed", describeError(error));
  process.exitCode = 1;
});
