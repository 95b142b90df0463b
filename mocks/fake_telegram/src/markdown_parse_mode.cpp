// parse_mode "Markdown" (legacy) and "MarkdownV2".
// Over 400 lines on purpose: the two dialects share one scanner and differ rule by rule (which
// characters are reserved, how entities nest, what an unclosed one is called), and reading the
// rules side by side is how they are kept true to Telegram's.

#include <algorithm>
#include <optional>

#include "parse_modes.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {
namespace {

// Telegram reads past the end as NUL, which is never a markup character.
char at_or_nul(std::string_view text, std::size_t at) {
  return at < text.size() ? text[at] : '\0';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == '\0';
}

// After "```": a language name runs to the first space or backtick, and counts only when more text
// follows it; then one line break is dropped. Returns the language and moves `at` past both.
std::string pre_language(std::string_view markup, std::size_t& at) {
  std::string language;
  auto end = at;
  while (!is_space(at_or_nul(markup, end)) && markup[end] != '`')
    ++end;
  if (end != at && end < markup.size() && markup[end] != '`') {
    language = std::string(markup.substr(at, end - at));
    at = end;
  }
  const char first = at_or_nul(markup, at);
  if (first == '\n' || first == '\r') {
    const char second = at_or_nul(markup, at + 1);
    at += (second == '\n' || second == '\r') && second != first ? 2 : 1;
  }
  return language;
}

MessageEntity spanning(MessageEntity entity, std::size_t begin, std::size_t end) {
  entity.offset = static_cast<std::int64_t>(begin);
  entity.length = static_cast<std::int64_t>(end - begin);
  return entity;
}

// --- MarkdownV2 ---

// How Telegram names an entity kind in "Can't find end of <Kind> entity".
enum class V2Kind {
  kBold,
  kItalic,
  kUnderline,
  kStrikethrough,
  kSpoiler,
  kCode,
  kPre,
  kPreCode,
  kTextUrl,
  kCustomEmoji,
  kBlockQuote
};

std::string_view kind_name(V2Kind kind) {
  switch (kind) {
    case V2Kind::kBold:
      return "Bold";
    case V2Kind::kItalic:
      return "Italic";
    case V2Kind::kUnderline:
      return "Underline";
    case V2Kind::kStrikethrough:
      return "Strikethrough";
    case V2Kind::kSpoiler:
      return "Spoiler";
    case V2Kind::kCode:
      return "Code";
    case V2Kind::kPre:
      return "Pre";
    case V2Kind::kPreCode:
      return "PreCode";
    case V2Kind::kTextUrl:
      return "TextUrl";
    case V2Kind::kCustomEmoji:
      return "CustomEmoji";
    case V2Kind::kBlockQuote:
      return "BlockQuote";
  }
  return "Unknown";
}

std::string_view bot_api_type(V2Kind kind) {
  switch (kind) {
    case V2Kind::kBold:
      return "bold";
    case V2Kind::kItalic:
      return "italic";
    case V2Kind::kUnderline:
      return "underline";
    case V2Kind::kStrikethrough:
      return "strikethrough";
    case V2Kind::kSpoiler:
      return "spoiler";
    case V2Kind::kCode:
      return "code";
    case V2Kind::kPre:
    case V2Kind::kPreCode:
      return "pre";
    case V2Kind::kTextUrl:
      return "text_link";
    case V2Kind::kCustomEmoji:
      return "custom_emoji";
    case V2Kind::kBlockQuote:
      return "blockquote";
  }
  return "";
}

struct OpenV2Entity {
  V2Kind kind;
  std::string language{};
  std::size_t markup_offset = 0;  // where its opening mark is, for the error text
  std::size_t text_begin = 0;
};

[[noreturn]] void fail_reserved(char c) {
  fail_to_parse(
      fmt::format("Character '{}' is reserved and must be escaped with the preceding '\\'", c));
}

[[noreturn]] void fail_unclosed(const OpenV2Entity& open) {
  fail_to_parse(fmt::format("Can't find end of {} entity at byte offset {}", kind_name(open.kind),
                            open.markup_offset));
}

bool escapable(char c) {
  return c > 0 && c <= 126;
}

class MarkdownV2Parser {
 public:
  explicit MarkdownV2Parser(std::string_view markup) : markup_(markup) {}

  FormattedText parse() {
    for (at_ = 0; at_ < markup_.size(); ++at_) {
      const char c = markup_[at_];
      if (c == '\\' && escapable(peek(1))) {
        ++at_;
        text_ += markup_[at_];
        if (markup_[at_] != '\r') can_start_quote_ = markup_[at_] == '\n';
        continue;
      }
      if (!is_reserved(c)) {
        const auto byte = static_cast<unsigned char>(c);
        // A quote starts only at the beginning of a line; '\r' does not end one.
        if ((byte & 0xC0U) != 0x80U && c != '\r') can_start_quote_ = false;
        text_ += c;
        continue;
      }
      if (ends_innermost(c)) {
        close();
      } else {
        open(c);
      }
    }
    finish_quote();
    if (!open_.empty()) fail_unclosed(open_.back());
    return with_utf16_entities(std::move(text_), std::move(entities_));
  }

 private:
  [[nodiscard]] char peek(std::size_t ahead) const { return at_or_nul(markup_, at_ + ahead); }

  // Inside code only '`' (and '\') mean anything.
  [[nodiscard]] bool is_reserved(char c) const {
    if (!open_.empty()) {
      const auto kind = open_.back().kind;
      if (kind == V2Kind::kCode || kind == V2Kind::kPre || kind == V2Kind::kPreCode)
        return c == '`';
    }
    return std::string_view("_*[]()~`>#+-=|{}.!\n").find(c) != std::string_view::npos;
  }

  [[nodiscard]] bool ends_innermost(char c) const {
    if (open_.empty()) return false;
    // A line not starting with '>' ends the quote, and whatever is still open inside it.
    if (in_quote_ && c == '\n' && (at_ + 1 == markup_.size() || peek(1) != '>')) return true;
    switch (open_.back().kind) {
      case V2Kind::kBold:
        return c == '*';
      case V2Kind::kItalic:
        return c == '_' && peek(1) != '_';
      case V2Kind::kUnderline:
        return c == '_' && peek(1) == '_';
      case V2Kind::kStrikethrough:
        return c == '~';
      case V2Kind::kSpoiler:
        return c == '|' && peek(1) == '|';
      case V2Kind::kCode:
        return c == '`';
      case V2Kind::kPre:
      case V2Kind::kPreCode:
        return c == '`' && peek(1) == '`' && peek(2) == '`';
      case V2Kind::kTextUrl:
      case V2Kind::kCustomEmoji:
        return c == ']';
      case V2Kind::kBlockQuote:
        return false;
    }
    return false;
  }

  void open(char c) {
    const auto markup_offset = at_;
    OpenV2Entity entity{V2Kind::kBold};
    switch (c) {
      case '*':
        entity.kind = V2Kind::kBold;
        break;
      case '~':
        entity.kind = V2Kind::kStrikethrough;
        break;
      case '[':
        entity.kind = V2Kind::kTextUrl;
        break;
      case '_':
        entity.kind = peek(1) == '_' ? V2Kind::kUnderline : V2Kind::kItalic;
        if (entity.kind == V2Kind::kUnderline) ++at_;
        break;
      case '|':
        if (peek(1) != '|') fail_reserved(c);
        entity.kind = V2Kind::kSpoiler;
        ++at_;
        break;
      case '!':
        if (peek(1) != '[') fail_reserved(c);
        entity.kind = V2Kind::kCustomEmoji;
        ++at_;
        break;
      case '`':
        if (peek(1) == '`' && peek(2) == '`') {
          at_ += 3;
          entity.language = pre_language(markup_, at_);
          entity.kind = entity.language.empty() ? V2Kind::kPre : V2Kind::kPreCode;
          --at_;  // the loop steps onto the block's first character
        } else {
          entity.kind = V2Kind::kCode;
        }
        break;
      case '\n':
        text_ += '\n';
        can_start_quote_ = true;
        return;
      case '>':
        if (!can_start_quote_) fail_reserved(c);
        if (in_quote_) return;  // the next line of the same quote
        entity.kind = V2Kind::kBlockQuote;
        in_quote_ = true;
        break;
      default:
        fail_reserved(c);
    }
    entity.markup_offset = markup_offset;
    entity.text_begin = text_.size();
    open_.push_back(std::move(entity));
  }

  void close() {
    auto kind = open_.back().kind;
    bool expandable = false;
    if (markup_[at_] == '\n' && kind != V2Kind::kBlockQuote) {
      // Only "||" right before the line break may be open: it marks an expandable quote.
      const auto& spoiler = open_.back();
      const bool marks_expandable =
          kind == V2Kind::kSpoiler &&
          (spoiler.markup_offset + 2 == at_ ||
           (spoiler.markup_offset + 3 == at_ && !text_.empty() && text_.back() == '\r'));
      if (!marks_expandable) fail_unclosed(open_.back());
      open_.pop_back();
      if (open_.back().kind != V2Kind::kBlockQuote) fail_unclosed(open_.back());
      kind = V2Kind::kBlockQuote;
      expandable = true;
    }
    auto& entity = open_.back();
    const auto text_begin = entity.text_begin;
    bool skip = text_.size() == text_begin;
    std::optional<MessageEntity> made =
        MessageEntity{.type = std::string(bot_api_type(kind)), .language = entity.language};
    switch (kind) {
      case V2Kind::kUnderline:
      case V2Kind::kSpoiler:
        ++at_;
        break;
      case V2Kind::kPre:
      case V2Kind::kPreCode:
        at_ += 2;
        break;
      case V2Kind::kTextUrl: {
        const auto url = peek(1) == '(' ? link_target() : text_.substr(text_begin);
        made = link_entity(url);
        if (!made) skip = true;
        break;
      }
      case V2Kind::kCustomEmoji: {
        if (peek(1) != '(') fail_to_parse("The entity must contain a tg://emoji or tg://time URL");
        const auto url = link_target();
        constexpr std::string_view kEmojiLink = "tg://emoji?id=";
        const auto id = std::string_view(url).substr(std::min(url.size(), kEmojiLink.size()));
        if (!url.starts_with(kEmojiLink) || id.empty() ||
            id.find_first_not_of("0123456789") != std::string_view::npos) {
          fail_to_parse("Invalid tg://emoji or tg://time URL specified");
        }
        made->custom_emoji_id = std::string(id);
        break;
      }
      case V2Kind::kBlockQuote:
        in_quote_ = false;
        text_ += markup_[at_];  // the line break stays, inside the quote
        can_start_quote_ = true;
        skip = false;
        if (expandable) made->type = "expandable_blockquote";
        break;
      default:
        break;
    }
    if (!skip) entities_.push_back(spanning(std::move(*made), text_begin, text_.size()));
    open_.pop_back();
  }

  // The "(url)" after "]": read with '\' escapes, and `at_` left on its ')'.
  std::string link_target() {
    at_ += 2;
    const auto begin = at_;
    std::string url;
    while (at_ < markup_.size() && markup_[at_] != ')') {
      if (markup_[at_] == '\\' && escapable(peek(1))) {
        url += markup_[at_ + 1];
        at_ += 2;
        continue;
      }
      url += markup_[at_++];
    }
    if (at_ >= markup_.size()) {
      fail_to_parse(fmt::format("Can't find end of a URL at byte offset {}", begin));
    }
    return url;
  }

  // A quote still open at the end of the text ends there ("**>...||" at the very end: expandable).
  void finish_quote() {
    if (!in_quote_) return;
    bool expandable = false;
    if (open_.back().kind == V2Kind::kSpoiler && open_.back().markup_offset + 2 == markup_.size()) {
      open_.pop_back();
      expandable = true;
    }
    if (open_.back().kind != V2Kind::kBlockQuote) return;
    in_quote_ = false;
    const auto text_begin = open_.back().text_begin;
    if (text_.size() > text_begin) {
      entities_.push_back(spanning({.type = expandable ? "expandable_blockquote" : "blockquote"},
                                   text_begin, text_.size()));
    }
    open_.pop_back();
  }

  std::string_view markup_;
  std::size_t at_ = 0;
  std::string text_;
  std::vector<MessageEntity> entities_;
  std::vector<OpenV2Entity> open_;
  bool in_quote_ = false;
  bool can_start_quote_ = true;
};

}  // namespace

FormattedText parse_markdown_v2(std::string_view markup) {
  return MarkdownV2Parser(markup).parse();
}

FormattedText parse_markdown(std::string_view markup) {
  std::string text;
  std::vector<MessageEntity> entities;
  for (std::size_t at = 0; at < markup.size(); ++at) {
    const char c = markup[at];
    const auto is_mark = [](char m) { return m == '_' || m == '*' || m == '`' || m == '['; };
    if (c == '\\' && is_mark(at_or_nul(markup, at + 1))) {
      text += markup[++at];
      continue;
    }
    if (!is_mark(c)) {
      text += c;
      continue;
    }
    // Legacy entities do not nest: everything up to the closing mark is their plain text.
    const auto markup_offset = at;
    const char end_mark = c == '[' ? ']' : c;
    ++at;
    bool is_pre = false;
    std::string language;
    if (c == '`' && at_or_nul(markup, at) == '`' && at_or_nul(markup, at + 1) == '`') {
      at += 2;
      is_pre = true;
      language = pre_language(markup, at);
    }
    const auto text_begin = text.size();
    while (at < markup.size() &&
           (markup[at] != end_mark ||
            (is_pre && !(at_or_nul(markup, at + 1) == '`' && at_or_nul(markup, at + 2) == '`')))) {
      text += markup[at++];
    }
    if (at == markup.size()) {
      fail_to_parse(
          fmt::format("Can't find end of the entity starting at byte offset {}", markup_offset));
    }
    if (text.size() != text_begin) {
      std::optional<MessageEntity> entity;
      switch (c) {
        case '_':
          entity = MessageEntity{.type = "italic"};
          break;
        case '*':
          entity = MessageEntity{.type = "bold"};
          break;
        case '`':
          entity = MessageEntity{.type = is_pre ? "pre" : "code", .language = language};
          break;
        default: {
          std::string url;
          if (at_or_nul(markup, at + 1) != '(') {
            url = text.substr(text_begin);
          } else {
            at += 2;
            while (at < markup.size() && markup[at] != ')')
              url += markup[at++];
          }
          entity = link_entity(url);
        }
      }
      if (entity) entities.push_back(spanning(std::move(*entity), text_begin, text.size()));
    }
    if (is_pre) at += 2;
  }
  return with_utf16_entities(std::move(text), std::move(entities));
}

}  // namespace tas::fake::detail
