// The message-text rules without a server: parse modes, the entities Telegram detects, trimming,
// limits and UTF-8, each against the exact output the Bot API gives.

#include "message_text.hpp"

#include <functional>
#include <string>
#include <vector>

#include "api_error.hpp"
#include "entity_detection.hpp"
#include "parse_modes.hpp"
#include <gtest/gtest.h>

#include <tas/fake/fake_telegram_error.hpp>

namespace tas::fake::detail {
namespace {

nlohmann::json entities_json(const std::vector<MessageEntity>& entities) {
  auto json = nlohmann::json::array();
  for (const auto& entity : entities)
    json.push_back(to_bot_api_json(entity));
  return json;
}

struct Parsed {
  const char* markup;
  const char* text;
  const char* entities;  // JSON, as the Bot API returns them
};

struct Refused {
  const char* markup;
  const char* reason;  // after "Bad Request: can't parse entities: "
};

using Parser = std::function<FormattedText(std::string_view)>;

void expect_parses(const Parser& parse, const std::vector<Parsed>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.markup);
    try {
      const auto formatted = parse(c.markup);
      EXPECT_EQ(formatted.text, c.text);
      EXPECT_EQ(entities_json(formatted.entities), nlohmann::json::parse(c.entities));
    } catch (const ApiError& error) {
      ADD_FAILURE() << "refused: " << error.description();
    }
  }
}

void expect_refuses(const Parser& parse, const std::vector<Refused>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.markup);
    try {
      const auto formatted = parse(c.markup);
      ADD_FAILURE() << "parsed into: " << formatted.text;
    } catch (const ApiError& error) {
      EXPECT_EQ(error.code(), 400);
      EXPECT_EQ(error.description(), std::string("Bad Request: can't parse entities: ") + c.reason);
    }
  }
}

TEST(FakeTelegramHtmlParseMode, ParsesEveryTagTelegramKnows) {
  expect_parses(
      parse_html,
      {
          {"<b>bold</b> and <i>it</i>", "bold and it",
           R"([{"type":"bold","offset":0,"length":4},{"type":"italic","offset":9,"length":2}])"},
          {"<strong>a</strong><em>b</em><ins>c</ins><del>d</del><s>e</s><strike>f</strike><u>g</u>",
           "abcdefg",
           R"([{"type":"bold","offset":0,"length":1},{"type":"italic","offset":1,"length":1},
               {"type":"underline","offset":2,"length":1},{"type":"strikethrough","offset":3,"length":1},
               {"type":"strikethrough","offset":4,"length":1},{"type":"strikethrough","offset":5,"length":1},
               {"type":"underline","offset":6,"length":1}])"},
          {R"(<tg-spoiler>x</tg-spoiler><span class="tg-spoiler">y</span>)", "xy",
           R"([{"type":"spoiler","offset":0,"length":1},{"type":"spoiler","offset":1,"length":1}])"},
          {"<B>upper</B>", "upper", R"([{"type":"bold","offset":0,"length":5}])"},
          {"<b>outer <i>inner</i></b>", "outer inner",
           R"([{"type":"bold","offset":0,"length":11},{"type":"italic","offset":6,"length":5}])"},
          {R"(<a href="https://example.com">site</a>)", "site",
           R"([{"type":"text_link","offset":0,"length":4,"url":"https://example.com/"}])"},
          {R"(<a href='http://example.com/a?b=1&amp;c=2'>q</a>)", "q",
           R"([{"type":"text_link","offset":0,"length":1,"url":"http://example.com/a?b=1&c=2"}])"},
          {R"(<a href="tg://user?id=42">Ada</a>)", "Ada",
           R"([{"type":"text_mention","offset":0,"length":3,"user":{"id":42,"is_bot":false,"first_name":""}}])"},
          {R"x(<a href="javascript:alert(1)">no link</a>)x", "no link", "[]"},
          {"<code>x = 1</code>", "x = 1", R"([{"type":"code","offset":0,"length":5}])"},
          {"<pre>block</pre>", "block", R"([{"type":"pre","offset":0,"length":5}])"},
          {R"(<pre><code class="language-python">print(1)</code></pre>)", "print(1)",
           R"([{"type":"pre","offset":0,"length":8,"language":"python"}])"},
          {R"(<code class="language-c">only code</code>)", "only code",
           R"([{"type":"code","offset":0,"length":9}])"},
          {"<blockquote>q</blockquote><blockquote expandable>e</blockquote>", "qe",
           R"([{"type":"blockquote","offset":0,"length":1},{"type":"expandable_blockquote","offset":1,"length":1}])"},
          {R"(<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>)", "👍",
           R"([{"type":"custom_emoji","offset":0,"length":2,"custom_emoji_id":"5368324170671202286"}])"},
          {"<b></b>empty tags make no entity", "empty tags make no entity", "[]"},
          {"<b  >spaced</b >", "spaced", R"([{"type":"bold","offset":0,"length":6}])"},
          {"<b>x</>", "x", R"([{"type":"bold","offset":0,"length":1}])"},
      });
}

TEST(FakeTelegramHtmlParseMode, DecodesCharacterReferences) {
  expect_parses(parse_html, {
                                {"&lt;b&gt; &amp; &quot;", "<b> & \"", "[]"},
                                {"&#128512;&#x41;&#65", "😀AA", "[]"},
                                {"&nbsp; &amp &lt;x", "&nbsp; & <x", "[]"},
                                {"&#0; &#x110000;", "&#0; &#x110000;", "[]"},
                            });
}

TEST(FakeTelegramHtmlParseMode, CountsOffsetsInUtf16) {
  expect_parses(
      parse_html,
      {
          {"😀 <b>ok</b>", "😀 ok", R"([{"type":"bold","offset":3,"length":2}])"},
          {"<b>🙂 b</b> é<i>x</i>", "🙂 b éx",
           R"([{"type":"bold","offset":0,"length":4},{"type":"italic","offset":6,"length":1}])"},
      });
}

TEST(FakeTelegramHtmlParseMode, RefusesWithTelegramsReasons) {
  expect_refuses(
      parse_html,
      {
          {"<b>bold", R"(Can't find end tag corresponding to start tag "b")"},
          {"<b><i>x</i>", R"(Can't find end tag corresponding to start tag "b")"},
          {"<foo>x</foo>", R"(Unsupported start tag "foo" at byte offset 0)"},
          {"1 < 2", R"(Unsupported start tag "" at byte offset 2)"},
          // The fake cuts a tag name over 64 bytes where Telegram would repeat it whole.
          {"<bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
           "bbbbbbbbbb>",
           R"(Unsupported start tag "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb..." at byte offset 0)"},
          {"<b>x</i>", R"(Unmatched end tag at byte offset 4, expected "</b>", found "</i>")"},
          {"x</b>", "Unexpected end tag at byte offset 1"},
          {"text <b", "Unclosed start tag at byte offset 5"},
          {"<b>x</b", "Unclosed end tag at byte offset 4"},
          {R"(<a href="x)", "Unclosed start tag at byte offset 0"},
          {"<a href=x'y>z</a>", "Unexpected end of name token at byte offset 8"},
          {"<span>x</span>", R"(Tag "span" must have class "tg-spoiler" at byte offset 0)"},
          {R"(<tg-emoji emoji-id="abc">x</tg-emoji>)", "Invalid custom emoji identifier specified"},
          {"&#xD83D;",
           "Text contains invalid Unicode characters after decoding HTML entities, check for "
           "unmatched surrogate code units"},
      });
}

TEST(FakeTelegramMarkdownV2ParseMode, ParsesEveryEntity) {
  expect_parses(
      parse_markdown_v2,
      {
          {"*bold* _italic_ __under__ ~strike~ ||spoiler||", "bold italic under strike spoiler",
           R"([{"type":"bold","offset":0,"length":4},{"type":"italic","offset":5,"length":6},
               {"type":"underline","offset":12,"length":5},{"type":"strikethrough","offset":18,"length":6},
               {"type":"spoiler","offset":25,"length":7}])"},
          {"*bold _both_*", "bold both",
           R"([{"type":"bold","offset":0,"length":9},{"type":"italic","offset":5,"length":4}])"},
          {"`code` ```python\nprint(1)\n```", "code print(1)\n",
           R"([{"type":"code","offset":0,"length":4},{"type":"pre","offset":5,"length":9,"language":"python"}])"},
          {"```\nno language```", "no language", R"([{"type":"pre","offset":0,"length":11}])"},
          {"`a_b*c`", "a_b*c", R"([{"type":"code","offset":0,"length":5}])"},
          {"[site](https://example.com/a\\)b)", "site",
           R"([{"type":"text_link","offset":0,"length":4,"url":"https://example.com/a)b"}])"},
          {"[Ada](tg://user?id=42)", "Ada",
           R"([{"type":"text_mention","offset":0,"length":3,"user":{"id":42,"is_bot":false,"first_name":""}}])"},
          {"![👍](tg://emoji?id=5368324170671202286)", "👍",
           R"([{"type":"custom_emoji","offset":0,"length":2,"custom_emoji_id":"5368324170671202286"}])"},
          {"Done\\. 1\\.5 MB\\! \\_ \\\\", "Done. 1.5 MB! _ \\", "[]"},
          {">quote\n>more\nplain", "quote\nmore\nplain",
           R"([{"type":"blockquote","offset":0,"length":11}])"},
          {">quote at the end", "quote at the end",
           R"([{"type":"blockquote","offset":0,"length":16}])"},
          {"**>hidden\n>lines||", "hidden\nlines",
           R"([{"type":"expandable_blockquote","offset":0,"length":12}])"},
          {"😀 *b*", "😀 b", R"([{"type":"bold","offset":3,"length":1}])"},
          {"*a\nb*", "a\nb", R"([{"type":"bold","offset":0,"length":3}])"},
      });
}

TEST(FakeTelegramMarkdownV2ParseMode, RefusesWithTelegramsReasons) {
  expect_refuses(
      parse_markdown_v2,
      {
          {"Done. 1.5 MB!",
           R"(Character '.' is reserved and must be escaped with the preceding '\')"},
          {"1+1", R"(Character '+' is reserved and must be escaped with the preceding '\')"},
          {"a-b", R"(Character '-' is reserved and must be escaped with the preceding '\')"},
          {"a|b", R"(Character '|' is reserved and must be escaped with the preceding '\')"},
          {"wow!", R"(Character '!' is reserved and must be escaped with the preceding '\')"},
          {"x > y", R"(Character '>' is reserved and must be escaped with the preceding '\')"},
          {"(x)", R"(Character '(' is reserved and must be escaped with the preceding '\')"},
          {"*bold", "Can't find end of Bold entity at byte offset 0"},
          {"a _b", "Can't find end of Italic entity at byte offset 2"},
          {"x __u", "Can't find end of Underline entity at byte offset 2"},
          {"```js\ncode", "Can't find end of PreCode entity at byte offset 0"},
          {">*a\nb*", "Can't find end of Bold entity at byte offset 1"},
          {"[a](http://x", "Can't find end of a URL at byte offset 4"},
          {"![x]", "The entity must contain a tg://emoji or tg://time URL"},
          {"![x](http://a.b)", "Invalid tg://emoji or tg://time URL specified"},
      });
}

TEST(FakeTelegramMarkdownParseMode, ParsesTheLegacyEntities) {
  expect_parses(
      parse_markdown,
      {
          {"*bold* _it_ `code` [a](http://example.com)", "bold it code a",
           R"([{"type":"bold","offset":0,"length":4},{"type":"italic","offset":5,"length":2},
               {"type":"code","offset":8,"length":4},
               {"type":"text_link","offset":13,"length":1,"url":"http://example.com/"}])"},
          {"```js\nx = 1\n```", "x = 1\n",
           R"([{"type":"pre","offset":0,"length":6,"language":"js"}])"},
          {"*no _nesting_*", "no _nesting_", R"([{"type":"bold","offset":0,"length":12}])"},
          {"\\*not bold\\* 1.5 + 2 = 3.5!", "*not bold* 1.5 + 2 = 3.5!", "[]"},
          {"[example.com]", "example.com",
           R"([{"type":"text_link","offset":0,"length":11,"url":"http://example.com/"}])"},
      });
}

TEST(FakeTelegramMarkdownParseMode, RefusesWithTelegramsReason) {
  expect_refuses(parse_markdown,
                 {
                     {"*bold", "Can't find end of the entity starting at byte offset 0"},
                     {"snake_case", "Can't find end of the entity starting at byte offset 5"},
                     {"ok `code", "Can't find end of the entity starting at byte offset 3"},
                 });
}

struct Detected {
  const char* text;
  const char* entities;
};

TEST(FakeTelegramEntityDetection, FindsWhatTelegramFinds) {
  const std::vector<Detected> cases = {
      {"/start", R"([{"type":"bot_command","offset":0,"length":6}])"},
      {"/start@agent_bot payload", R"([{"type":"bot_command","offset":0,"length":16}])"},
      {"please /help me", R"([{"type":"bot_command","offset":7,"length":5}])"},
      {"and/or 1/2 /a/b </x>", "[]"},
      {"@ada_lovelace hi", R"([{"type":"mention","offset":0,"length":13}])"},
      {"@abc @gif", R"([{"type":"mention","offset":5,"length":4}])"},
      {"write to me@example.com", R"([{"type":"email","offset":9,"length":14}])"},
      {"see https://example.com/path.", R"([{"type":"url","offset":4,"length":24}])"},
      {"visit example.com now", R"([{"type":"url","offset":6,"length":11}])"},
      {"http://localhost.dev:8080/x?y=1#z", R"([{"type":"url","offset":0,"length":33}])"},
      {"(see example.org/a)", R"([{"type":"url","offset":5,"length":13}])"},
      {"file.txt v1.2.3 a.b", "[]"},
      {"#tag #123 #a1",
       R"([{"type":"hashtag","offset":0,"length":4},{"type":"hashtag","offset":10,"length":3}])"},
      {"pay $USD now", R"([{"type":"cashtag","offset":4,"length":4}])"},
      {"😀 /start", R"([{"type":"bot_command","offset":3,"length":6}])"},
      {"Привет @ada_lovelace #тег",
       R"([{"type":"mention","offset":7,"length":13},{"type":"hashtag","offset":21,"length":4}])"},
      {"plain words only", "[]"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(entities_json(detect_entities(c.text)), nlohmann::json::parse(c.entities));
  }
}

FormattedText bot_text(std::string_view text, std::string_view parse_mode = "",
                       std::optional<nlohmann::json> entities = std::nullopt) {
  return format_bot_text(text, parse_mode, entities);
}

std::string refusal(const std::function<void()>& action) {
  try {
    action();
  } catch (const ApiError& error) {
    EXPECT_EQ(error.code(), 400);
    return error.description();
  }
  return "(accepted)";
}

TEST(FakeTelegramBotText, AddsDetectedEntitiesExceptInsideCodeAndLinks) {
  const auto formatted = bot_text("<b>/start</b> @ada_lovelace <code>/stop</code>", "HTML");
  EXPECT_EQ(formatted.text, "/start @ada_lovelace /stop");
  EXPECT_EQ(entities_json(formatted.entities),
            nlohmann::json::parse(R"([{"type":"bot_command","offset":0,"length":6},
                                      {"type":"bold","offset":0,"length":6},
                                      {"type":"mention","offset":7,"length":13},
                                      {"type":"code","offset":21,"length":5}])"));
  const auto plain = bot_text("Reply /start");
  EXPECT_EQ(entities_json(plain.entities),
            nlohmann::json::parse(R"([{"type":"bot_command","offset":6,"length":6}])"));
}

TEST(FakeTelegramBotText, ParseModeIsCaseInsensitiveAndNoneMeansPlain) {
  EXPECT_EQ(bot_text("<b>x</b>", "html").entities.size(), 1U);
  EXPECT_EQ(bot_text("*x*", "markdownv2").text, "x");
  EXPECT_EQ(bot_text("*x*", "MARKDOWN").text, "x");
  EXPECT_EQ(bot_text("<b>x</b>", "None").text, "<b>x</b>");
  EXPECT_EQ(refusal([] { (void)bot_text("[b]x[/b]", "BBCode"); }),
            "Bad Request: unsupported parse_mode");
}

TEST(FakeTelegramBotText, ExplicitEntitiesAreKeptWithoutAParseMode) {
  const auto given = nlohmann::json::parse(
      R"([{"type":"italic","offset":6,"length":5},{"type":"bold","offset":0,"length":5}])");
  const auto formatted = bot_text("hello world", "", given);
  EXPECT_EQ(
      entities_json(formatted.entities),
      nlohmann::json::parse(
          R"([{"type":"bold","offset":0,"length":5},{"type":"italic","offset":6,"length":5}])"));
  // With a parse_mode, Telegram ignores them.
  EXPECT_TRUE(bot_text("hello", "HTML", given).entities.empty());
  EXPECT_EQ(refusal([] { (void)bot_text("x", "", nlohmann::json::parse(R"([{"offset":0}])")); }),
            R"(Bad Request: can't parse MessageEntity: Field "type" must be of type String)");
  EXPECT_EQ(refusal([] {
              (void)bot_text("x", "",
                             nlohmann::json::parse(R"([{"type":"bold","offset":-1,"length":1}])"));
            }),
            "Bad Request: receive an entity with incorrect offset -1");
  // An entity running past the end is cut off there.
  const auto cut =
      bot_text("abc", "", nlohmann::json::parse(R"([{"type":"bold","offset":1,"length":9}])"));
  EXPECT_EQ(entities_json(cut.entities),
            nlohmann::json::parse(R"([{"type":"bold","offset":1,"length":2}])"));
}

TEST(FakeTelegramBotText, TrimsAsTelegramDoes) {
  EXPECT_EQ(bot_text("  \n hi there \n ").text, "hi there");
  const auto formatted = bot_text("<b>bold  </b>  ", "HTML");
  EXPECT_EQ(formatted.text, "bold");
  EXPECT_EQ(entities_json(formatted.entities),
            nlohmann::json::parse(R"([{"type":"bold","offset":0,"length":4}])"));
  EXPECT_EQ(refusal([] { (void)bot_text("<b></b>", "HTML"); }),
            "Bad Request: text must be non-empty");
  EXPECT_EQ(refusal([] { (void)bot_text(" \n "); }), "Bad Request: text must be non-empty");
}

TEST(FakeTelegramBotText, RefusesInvalidUtf8) {
  for (const std::string bad :
       {"\xFF", "caf\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    EXPECT_EQ(refusal([&] { (void)bot_text(bad); }),
              "Bad Request: strings must be encoded in UTF-8");
    EXPECT_EQ(refusal([&] { (void)bot_text(bad, "HTML"); }),
              "Bad Request: text must be encoded in UTF-8");
  }
  EXPECT_EQ(bot_text("caf\xC3\xA9 \xF0\x9F\x98\x80").text, "café 😀");
}

TEST(FakeTelegramBotText, LimitsCountUtf16UnitsAfterParsing) {
  const auto x = [](std::size_t n) { return std::string(n, 'x'); };
  EXPECT_NO_THROW(check_message_text_length(bot_text("<b>" + x(4096) + "</b>", "HTML")));
  EXPECT_EQ(refusal([&] { check_message_text_length(bot_text(x(4097))); }),
            "Bad Request: message is too long");
  std::string emoji;
  for (int i = 0; i < 2048; ++i)
    emoji += "😀";
  EXPECT_NO_THROW(check_message_text_length(bot_text(emoji)));
  EXPECT_EQ(refusal([&] { check_message_text_length(bot_text(emoji + "x")); }),
            "Bad Request: message is too long");
  EXPECT_NO_THROW(check_caption_length(bot_text(x(1024))));
  EXPECT_EQ(format_caption(x(1024), "", std::nullopt).text, x(1024));
  EXPECT_EQ(refusal([&] { (void)format_caption("<b>" + x(1025) + "</b>", "HTML", std::nullopt); }),
            "Bad Request: message caption is too long");
  // A caption, unlike a message, may be or become empty.
  EXPECT_EQ(format_caption("", "", std::nullopt).text, "");
  EXPECT_EQ(format_caption("<b> </b>", "HTML", std::nullopt).text, "");
  EXPECT_EQ(refusal([&] { check_caption_length(bot_text("*" + x(1025) + "*", "Markdown")); }),
            "Bad Request: message caption is too long");
}

TEST(FakeTelegramUserText, DetectsEntitiesAndRefusesWhatTelegramCannotCarry) {
  const auto formatted = format_user_text("/start@agent_bot go", "send_as_user");
  EXPECT_EQ(formatted.text, "/start@agent_bot go");
  EXPECT_EQ(entities_json(formatted.entities),
            nlohmann::json::parse(R"([{"type":"bot_command","offset":0,"length":16}])"));
  EXPECT_TRUE(format_user_text("*not markup*", "send_as_user").entities.empty());
  EXPECT_THROW((void)format_user_text("\xFF", "send_as_user"), FakeTelegramError);
  EXPECT_THROW((void)format_user_text(std::string(4097, 'x'), "send_as_user"), FakeTelegramError);
}

}  // namespace
}  // namespace tas::fake::detail
