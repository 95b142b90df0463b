// parse_mode "HTML": a forgiving tag scanner, not an HTML parser, because Telegram's is one too —
// unknown tags are errors, attributes other than the few it knows are ignored, and only four
// named character references exist.

#include <algorithm>
#include <cctype>
#include <charconv>

#include "parse_modes.hpp"
#include "utf8_text.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

bool is_supported_tag(std::string_view name) {
  static constexpr std::string_view kTags[] = {
      "a",   "b",          "strong",   "i",       "em",   "s",   "strike", "del",       "u",
      "ins", "tg-spoiler", "tg-emoji", "tg-time", "span", "pre", "code",   "blockquote"};
  return std::find(std::begin(kTags), std::end(kTags), name) != std::end(kTags);
}

// A character reference at markup[at] ('&'): its code point and where it ends, the ';' optional as
// in Telegram. None for anything else, which then stays a literal '&'.
struct CharacterReference {
  char32_t code_point = 0;
  std::size_t end = 0;
};

std::optional<CharacterReference> character_reference(std::string_view markup, std::size_t at) {
  auto end = at + 1;
  char32_t value = 0;
  if (end < markup.size() && markup[end] == '#') {
    ++end;
    const bool hex = end < markup.size() && markup[end] == 'x';
    if (hex) ++end;
    const auto digits_begin = end;
    while (end < markup.size() &&
           (hex ? std::isxdigit(static_cast<unsigned char>(markup[end])) != 0
                : std::isdigit(static_cast<unsigned char>(markup[end])) != 0)) {
      ++end;
    }
    // Telegram stops at nine characters after '&', which also keeps the value from overflowing.
    if (end - at >= 10 || end == digits_begin) return std::nullopt;
    std::uint32_t parsed = 0;
    std::from_chars(markup.data() + digits_begin, markup.data() + end, parsed, hex ? 16 : 10);
    if (parsed == 0 || parsed >= 0x10FFFF) return std::nullopt;
    value = parsed;
  } else {
    while (end < markup.size() && std::isalpha(static_cast<unsigned char>(markup[end])) != 0)
      ++end;
    const auto name = markup.substr(at + 1, end - at - 1);
    if (name == "lt") {
      value = '<';
    } else if (name == "gt") {
      value = '>';
    } else if (name == "amp") {
      value = '&';
    } else if (name == "quot") {
      value = '"';
    } else {
      return std::nullopt;
    }
  }
  if (end < markup.size() && markup[end] == ';') ++end;
  return CharacterReference{value, end};
}

// A tag name as an error shows it. Telegram repeats it whole; the fake cuts an absurdly long one,
// so that no error echoes a large part of the request.
std::string shown(std::string_view name) {
  constexpr std::size_t kMaxShown = 64;
  if (name.size() <= kMaxShown) return std::string(name);
  auto cut = kMaxShown;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0U) == 0x80U)
    --cut;  // not inside a UTF-8 sequence
  return std::string(name.substr(0, cut)) + "...";
}

struct OpenTag {
  std::string name;
  std::string argument;  // href, language, "spoiler", emoji id, or "expandable"
  std::size_t text_begin = 0;
};

class HtmlParser {
 public:
  explicit HtmlParser(std::string_view markup) : markup_(markup) {}

  FormattedText parse() {
    while (at_ < markup_.size()) {
      const char c = markup_[at_];
      if (c == '&') {
        if (const auto reference = character_reference(markup_, at_)) {
          if (reference->code_point >= 0xD800 && reference->code_point <= 0xDFFF)
            has_surrogate_ = true;
          append_utf8(text_, reference->code_point);
          at_ = reference->end;
          continue;
        }
      }
      if (c != '<') {
        text_ += c;
        ++at_;
        continue;
      }
      if (peek(at_ + 1) == '/') {
        end_tag();
      } else {
        start_tag();
      }
    }
    if (!open_.empty()) {
      fail_to_parse(
          fmt::format("Can't find end tag corresponding to start tag \"{}\"", open_.back().name));
    }
    if (has_surrogate_ && !is_valid_utf8(text_)) {
      fail_to_parse(
          "Text contains invalid Unicode characters after decoding HTML entities, check for "
          "unmatched surrogate code units");
    }
    for (auto& entity : entities_) {
      if (entity.type == "code") entity.language.clear();
    }
    return with_utf16_entities(std::move(text_), std::move(entities_));
  }

 private:
  [[nodiscard]] char peek(std::size_t at) const { return at < markup_.size() ? markup_[at] : '\0'; }
  [[nodiscard]] bool at_end() const { return at_ >= markup_.size(); }

  void skip_spaces() {
    while (!at_end() && is_space(markup_[at_]))
      ++at_;
  }

  void start_tag() {
    const auto begin = at_++;
    while (!at_end() && !is_space(markup_[at_]) && markup_[at_] != '>')
      ++at_;
    if (at_end()) fail_to_parse(fmt::format("Unclosed start tag at byte offset {}", begin));
    auto name = lower_case(markup_.substr(begin + 1, at_ - begin - 1));
    if (!is_supported_tag(name)) {
      fail_to_parse(
          fmt::format("Unsupported start tag \"{}\" at byte offset {}", shown(name), begin));
    }
    std::string argument;
    while (peek(at_) != '>') {
      skip_spaces();
      if (peek(at_) == '>') break;
      const auto attribute_begin = at_;
      while (!at_end() && !is_space(markup_[at_]) &&
             std::string_view("=>/\"'").find(markup_[at_]) == std::string_view::npos)
        ++at_;
      const auto attribute = markup_.substr(attribute_begin, at_ - attribute_begin);
      if (attribute.empty()) {
        fail_to_parse(
            fmt::format("Empty attribute name in the tag \"{}\" at byte offset {}", name, begin));
      }
      skip_spaces();
      if (peek(at_) != '=') {
        if (at_end()) {
          fail_to_parse(fmt::format("Unclosed start tag \"{}\" at byte offset {}", name, begin));
        }
        if (name == "blockquote" && attribute == "expandable") argument = "expandable";
        continue;
      }
      ++at_;
      skip_spaces();
      if (at_end()) {
        fail_to_parse(fmt::format("Unclosed start tag \"{}\" at byte offset {}", name, begin));
      }
      const auto value = attribute_value();
      if (at_end()) fail_to_parse(fmt::format("Unclosed start tag at byte offset {}", begin));
      if (name == "a" && attribute == "href") {
        argument = value;
      } else if (name == "code" && attribute == "class" && value.starts_with("language-")) {
        argument = value.substr(9);
      } else if (name == "span" && attribute == "class" && value.starts_with("tg-")) {
        argument = value.substr(3);
      } else if (name == "tg-emoji" && attribute == "emoji-id") {
        argument = value;
      } else if (name == "blockquote" && attribute == "expandable") {
        argument = "expandable";
      }
    }
    if (name == "span" && argument != "spoiler") {
      fail_to_parse(
          fmt::format("Tag \"span\" must have class \"tg-spoiler\" at byte offset {}", begin));
    }
    ++at_;  // '>'
    open_.push_back(OpenTag{std::move(name), std::move(argument), text_.size()});
  }

  // A quoted string with character references decoded, or a bare name token (lower-cased).
  std::string attribute_value() {
    std::string value;
    const char quote = markup_[at_];
    if (quote != '"' && quote != '\'') {
      const auto token_begin = at_;
      while (!at_end() && (std::isalnum(static_cast<unsigned char>(markup_[at_])) != 0 ||
                           markup_[at_] == '.' || markup_[at_] == '-'))
        ++at_;
      if (!at_end() && !is_space(markup_[at_]) && markup_[at_] != '>') {
        fail_to_parse(fmt::format("Unexpected end of name token at byte offset {}", token_begin));
      }
      return lower_case(markup_.substr(token_begin, at_ - token_begin));
    }
    ++at_;
    while (!at_end() && markup_[at_] != quote) {
      if (markup_[at_] == '&') {
        if (const auto reference = character_reference(markup_, at_)) {
          append_utf8(value, reference->code_point);
          at_ = reference->end;
          continue;
        }
      }
      value += markup_[at_++];
    }
    if (!at_end()) ++at_;  // the closing quote
    return value;
  }

  void end_tag() {
    const auto begin = at_;
    if (open_.empty()) fail_to_parse(fmt::format("Unexpected end tag at byte offset {}", begin));
    at_ += 2;
    while (!at_end() && !is_space(markup_[at_]) && markup_[at_] != '>')
      ++at_;
    const auto name = lower_case(markup_.substr(begin + 2, at_ - begin - 2));
    skip_spaces();
    if (peek(at_) != '>') fail_to_parse(fmt::format("Unclosed end tag at byte offset {}", begin));
    ++at_;
    const auto open = std::move(open_.back());
    open_.pop_back();
    if (!name.empty() && name != open.name) {
      fail_to_parse(
          fmt::format("Unmatched end tag at byte offset {}, expected \"</{}>\", found \"</{}>\"",
                      begin, open.name, shown(name)));
    }
    if (text_.size() > open.text_begin) close(open);
  }

  void close(const OpenTag& open) {
    const auto offset = static_cast<std::int64_t>(open.text_begin);
    const auto length = static_cast<std::int64_t>(text_.size() - open.text_begin);
    const auto add = [&](MessageEntity entity) {
      entity.offset = offset;
      entity.length = length;
      entities_.push_back(std::move(entity));
    };
    const auto& tag = open.name;
    if (tag == "b" || tag == "strong") {
      add({.type = "bold"});
    } else if (tag == "i" || tag == "em") {
      add({.type = "italic"});
    } else if (tag == "u" || tag == "ins") {
      add({.type = "underline"});
    } else if (tag == "s" || tag == "strike" || tag == "del") {
      add({.type = "strikethrough"});
    } else if (tag == "tg-spoiler" || tag == "span") {
      add({.type = "spoiler"});
    } else if (tag == "blockquote") {
      add({.type = open.argument.empty() ? "blockquote" : "expandable_blockquote"});
    } else if (tag == "tg-emoji") {
      std::int64_t id = 0;
      const auto& digits = open.argument;
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
      if (error != std::errc{} || end != digits.data() + digits.size() || id == 0) {
        fail_to_parse("Invalid custom emoji identifier specified");
      }
      add({.type = "custom_emoji", .custom_emoji_id = digits});
    } else if (tag == "a") {
      const auto url = open.argument.empty() ? text_.substr(open.text_begin) : open.argument;
      if (auto link = link_entity(url)) add(std::move(*link));
    } else if (tag == "pre") {
      // <pre><code class="language-x">...</code></pre>: the code inside names the block's language.
      if (same_span_as_last("code", open) && !entities_.back().language.empty()) {
        entities_.back().type = "pre";
      } else {
        add({.type = "pre"});
      }
    } else if (tag == "code") {
      if (same_span_as_last("pre", open) && !open.argument.empty()) {
        entities_.back().language = open.argument;
      } else {
        add({.type = "code", .language = open.argument});
      }
    }
    // <tg-time> formats a date, which the fake does not render: its text stays plain.
  }

  // Whether the last entity closed has this type and the open tag's span, as an inner <code> in a
  // <pre> has.
  [[nodiscard]] bool same_span_as_last(std::string_view type, const OpenTag& open) const {
    if (entities_.empty()) return false;
    const auto& last = entities_.back();
    return last.type == type && static_cast<std::size_t>(last.offset) == open.text_begin &&
           static_cast<std::size_t>(last.offset + last.length) == text_.size();
  }

  std::string_view markup_;
  std::size_t at_ = 0;
  std::string text_;
  std::vector<MessageEntity> entities_;
  std::vector<OpenTag> open_;
  bool has_surrogate_ = false;
};

}  // namespace

FormattedText parse_html(std::string_view markup) {
  return HtmlParser(markup).parse();
}

}  // namespace tas::fake::detail
