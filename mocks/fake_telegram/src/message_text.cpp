#include "message_text.hpp"

#include <algorithm>
#include <cctype>

#include "api_error.hpp"
#include "entity_detection.hpp"
#include "parse_modes.hpp"
#include "utf8_text.hpp"
#include <fmt/format.h>

#include <tas/fake/fake_telegram_error.hpp>
#include <tas/fake/telegram_objects.hpp>

namespace tas::fake::detail {
namespace {

constexpr std::int64_t kMaxMessageLength = 4096;  // UTF-16 code units
constexpr std::int64_t kMaxCaptionLength = 1024;

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

[[noreturn]] void fail_entity(std::string_view reason) {
  throw ApiError(400, fmt::format("Bad Request: can't parse MessageEntity: {}", reason));
}

// The `entities` parameter, kept as given: only its shape is checked.
std::vector<MessageEntity> explicit_entities(const nlohmann::json& given) {
  if (!given.is_array()) fail_entity("expected an Array of MessageEntity");
  std::vector<MessageEntity> entities;
  for (const auto& item : given) {
    if (!item.is_object()) fail_entity("expected an Object");
    const auto field = [&item](const char* name) {
      const auto found = item.find(name);
      return found == item.end() ? nullptr : &*found;
    };
    const auto* type = field("type");
    const auto* offset = field("offset");
    const auto* length = field("length");
    if (type == nullptr || !type->is_string()) fail_entity("Field \"type\" must be of type String");
    if (offset == nullptr || !offset->is_number_integer())
      fail_entity("Field \"offset\" must be of type Number");
    if (length == nullptr || !length->is_number_integer())
      fail_entity("Field \"length\" must be of type Number");
    MessageEntity entity{.type = type->get<std::string>(),
                         .offset = offset->get<std::int64_t>(),
                         .length = length->get<std::int64_t>()};
    // Telegram's own bounds; an entity past the end of the text is cut off when trimming.
    if (entity.offset < 0 || entity.offset > 1'000'000) {
      throw ApiError(400, fmt::format("Bad Request: receive an entity with incorrect offset {}",
                                      entity.offset));
    }
    if (entity.length < 0 || entity.length > 1'000'000) {
      throw ApiError(400, fmt::format("Bad Request: receive an entity with incorrect length {}",
                                      entity.length));
    }
    if (entity.length == 0) continue;  // Telegram drops empty entities
    if (const auto* url = field("url"); url != nullptr && url->is_string())
      entity.url = url->get<std::string>();
    if (const auto* language = field("language"); language != nullptr && language->is_string())
      entity.language = language->get<std::string>();
    if (const auto* emoji = field("custom_emoji_id"); emoji != nullptr && emoji->is_string())
      entity.custom_emoji_id = emoji->get<std::string>();
    if (const auto* user = field("user"); user != nullptr && user->is_object()) {
      entity.user = User{.id = user->value("id", std::int64_t{0}),
                         .is_bot = user->value("is_bot", false),
                         .first_name = user->value("first_name", std::string()),
                         .username = user->value("username", std::string())};
    }
    entities.push_back(std::move(entity));
  }
  sort_entities(entities);
  return entities;
}

bool is_trimmed_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0';
}

// Telegram drops trailing whitespace, and leading spaces and line breaks that no entity covers.
void trim(FormattedText& formatted) {
  auto& text = formatted.text;
  auto& entities = formatted.entities;
  while (!text.empty() && is_trimmed_space(text.back()))
    text.pop_back();
  const auto length = utf16_length(text);
  std::erase_if(entities,
                [length](const MessageEntity& entity) { return entity.offset >= length; });
  for (auto& entity : entities)
    entity.length = std::min(entity.length, length - entity.offset);
  std::size_t leading = 0;
  const auto first_entity = entities.empty() ? length : entities.front().offset;
  while (leading < text.size() && static_cast<std::int64_t>(leading) < first_entity &&
         (text[leading] == ' ' || text[leading] == '\n'))
    ++leading;
  text.erase(0, leading);  // ASCII only: as many UTF-16 units as bytes
  for (auto& entity : entities)
    entity.offset -= static_cast<std::int64_t>(leading);
  sort_entities(entities);
}

// Formatting that a detected entity may not cut into: Telegram keeps the markup and drops the
// detection. Bold, italic and the like may overlap detected entities.
bool is_atomic(const MessageEntity& entity) {
  return entity.type == "code" || entity.type == "pre" || entity.type == "text_link" ||
         entity.type == "text_mention" || entity.type == "custom_emoji";
}

void merge_detected(FormattedText& formatted) {
  for (auto& detected : detect_entities(formatted.text)) {
    const auto end = detected.offset + detected.length;
    const bool clashes = std::any_of(
        formatted.entities.begin(), formatted.entities.end(), [&](const MessageEntity& entity) {
          const auto entity_end = entity.offset + entity.length;
          const bool overlaps = detected.offset < entity_end && entity.offset < end;
          if (is_atomic(entity)) return overlaps;
          // A quote may hold a detected entity whole, never a part of one.
          const bool quote = entity.type == "blockquote" || entity.type == "expandable_blockquote";
          return quote && overlaps && (detected.offset < entity.offset || end > entity_end);
        });
    if (!clashes) formatted.entities.push_back(std::move(detected));
  }
  sort_entities(formatted.entities);
}

FormattedText format(std::string_view text, std::string_view parse_mode,
                     const std::optional<nlohmann::json>& entities, bool may_be_empty) {
  const auto mode = lower_case(parse_mode);
  const bool parses = !text.empty() && !mode.empty() && mode != "none";
  if (parses && mode != "html" && mode != "markdownv2" && mode != "markdown") {
    throw ApiError(400, "Bad Request: unsupported parse_mode");
  }
  // The two paths check UTF-8 in different places of Telegram, hence two wordings.
  if (!is_valid_utf8(text)) {
    throw ApiError(400, parses ? "Bad Request: text must be encoded in UTF-8"
                               : "Bad Request: strings must be encoded in UTF-8");
  }
  FormattedText formatted;
  if (parses) {
    formatted = mode == "html"         ? parse_html(text)
                : mode == "markdownv2" ? parse_markdown_v2(text)
                                       : parse_markdown(text);
  } else {
    formatted.text = std::string(text);
    if (entities) formatted.entities = explicit_entities(*entities);
  }
  trim(formatted);
  if (formatted.text.empty()) {
    if (may_be_empty) return {};
    throw ApiError(400, "Bad Request: text must be non-empty");
  }
  merge_detected(formatted);
  return formatted;
}

}  // namespace

FormattedText format_bot_text(std::string_view text, std::string_view parse_mode,
                              const std::optional<nlohmann::json>& entities) {
  return format(text, parse_mode, entities, false);
}

FormattedText format_caption(std::string_view text, std::string_view parse_mode,
                             const std::optional<nlohmann::json>& entities) {
  auto caption = format(text, parse_mode, entities, true);
  check_caption_length(caption);
  return caption;
}

void set_caption(nlohmann::json& extra_fields, const FormattedText& caption) {
  extra_fields.erase("caption");
  extra_fields.erase("caption_entities");
  if (caption.text.empty()) return;
  extra_fields["caption"] = caption.text;
  if (caption.entities.empty()) return;
  auto& entities = extra_fields["caption_entities"] = nlohmann::json::array();
  for (const auto& entity : caption.entities)
    entities.push_back(to_bot_api_json(entity));
}

void check_message_text_length(const FormattedText& text) {
  if (utf16_length(text.text) > kMaxMessageLength) {
    throw ApiError(400, description::kTextTooLong);
  }
}

void check_caption_length(const FormattedText& text) {
  if (utf16_length(text.text) > kMaxCaptionLength) {
    throw ApiError(400, "Bad Request: message caption is too long");
  }
}

FormattedText format_user_text(std::string_view text, std::string_view caller) {
  if (!is_valid_utf8(text)) {
    throw FakeTelegramError(fmt::format(
        "{}: text is not valid UTF-8; Telegram carries only UTF-8 text, so pass UTF-8", caller));
  }
  const auto length = utf16_length(text);
  if (length > kMaxMessageLength) {
    throw FakeTelegramError(
        fmt::format("{}: text is {} UTF-16 code units; a Telegram message holds at most {}", caller,
                    length, kMaxMessageLength));
  }
  return FormattedText{std::string(text), detect_entities(text)};
}

}  // namespace tas::fake::detail
