#include "formatted_text.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "api_error.hpp"
#include "request_params.hpp"
#include "utf8_text.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {
namespace {

// Lower sorts first among entities with the same span: block-level kinds enclose inline ones.
int nesting_rank(std::string_view type) {
  static const std::map<std::string_view, int, std::less<>> ranks = {
      {"blockquote", 0}, {"expandable_blockquote", 0}, {"pre", 11},     {"code", 20},
      {"text_link", 49}, {"text_mention", 49},         {"bold", 90},    {"italic", 91},
      {"underline", 92}, {"strikethrough", 93},        {"spoiler", 94}, {"custom_emoji", 99}};
  const auto found = ranks.find(type);
  return found == ranks.end() ? 50 : found->second;  // the entities Telegram detects by itself
}

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

// Telegram keeps only links a client can open; a bare host gets "http://" and every host a path.
std::string checked_url(std::string_view url) {
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front())) != 0)
    url.remove_prefix(1);
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.back())) != 0)
    url.remove_suffix(1);
  if (url.empty()) return {};
  const auto scheme_end = url.find("://");
  std::string scheme =
      scheme_end == std::string_view::npos ? "" : lower_case(url.substr(0, scheme_end));
  if (scheme == "tg" || scheme == "ton" || scheme == "tonsite") return std::string(url);
  if (scheme.empty()) {
    if (url.find(':') != std::string_view::npos && url.find(':') < url.find('.')) return {};
    scheme = "http";
  } else if (scheme != "http" && scheme != "https" && scheme != "ftp") {
    return {};
  } else {
    url.remove_prefix(scheme_end + 3);
  }
  const auto host_end = url.find_first_of("/?#");
  const auto host = url.substr(0, host_end);
  if (host.empty() || host.find_first_of(" <>\"") != std::string_view::npos) return {};
  std::string checked = scheme + "://" + std::string(host);
  checked += host_end == std::string_view::npos ? "/" : std::string(url.substr(host_end));
  if (host_end != std::string_view::npos && url[host_end] != '/')
    checked.insert(scheme.size() + 3 + host.size(), "/");
  return checked;
}

}  // namespace

FormattedText with_utf16_entities(std::string text, std::vector<MessageEntity> byte_entities) {
  const auto offsets = utf16_offsets(text);
  for (auto& entity : byte_entities) {
    const auto begin = static_cast<std::size_t>(entity.offset);
    const auto end = begin + static_cast<std::size_t>(entity.length);
    entity.offset = offsets[begin];
    entity.length = offsets[end] - offsets[begin];
  }
  sort_entities(byte_entities);
  return {std::move(text), std::move(byte_entities)};
}

void sort_entities(std::vector<MessageEntity>& entities) {
  std::stable_sort(entities.begin(), entities.end(), [](const auto& a, const auto& b) {
    if (a.offset != b.offset) return a.offset < b.offset;
    if (a.length != b.length) return a.length > b.length;
    return nesting_rank(a.type) < nesting_rank(b.type);
  });
}

std::optional<MessageEntity> link_entity(std::string_view url) {
  constexpr std::string_view kUserLink = "tg://user?id=";
  if (lower_case(url.substr(0, kUserLink.size())) == kUserLink) {
    const auto user_id = parse_integer(url.substr(kUserLink.size()));
    if (user_id && *user_id > 0) {
      return MessageEntity{.type = "text_mention", .user = User{.id = *user_id}};
    }
    return std::nullopt;
  }
  auto checked = checked_url(url);
  if (checked.empty()) return std::nullopt;
  return MessageEntity{.type = "text_link", .url = std::move(checked)};
}

void fail_to_parse(std::string_view reason) {
  throw ApiError(400, fmt::format("Bad Request: can't parse entities: {}", reason));
}

}  // namespace tas::fake::detail
