// The rules follow Telegram's own recognisers. Telegram classifies characters by their Unicode
// category; the fake approximates that with ranges (see is_word_character), which agrees on
// ASCII, Latin, Cyrillic, CJK and emoji text.
// Over 400 lines on purpose: one recogniser per entity kind (commands, mentions, hashtags,
// cashtags, URLs, emails) with the boundary rules they share, kept together so that their order
// of precedence is in one place.

#include "entity_detection.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "formatted_text.hpp"
#include "utf8_text.hpp"

namespace tas::fake::detail {
namespace {

struct Span {
  std::string_view type;
  std::size_t begin = 0;
  std::size_t end = 0;
};

bool is_ascii_alnum(char32_t c) {
  return c < 0x80 && std::isalnum(static_cast<int>(c)) != 0;
}

bool is_username_character(char32_t c) {
  return is_ascii_alnum(c) || c == '_';
}

bool is_separator(char32_t c) {
  return c <= 0x20 || c == 0x7F || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Letters and digits of any script, and '_'. Outside ASCII: everything but the blocks of
// punctuation, symbols, marks, private use and emoji.
bool is_word_character(char32_t c) {
  if (c < 0x80) return is_username_character(c);
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA || c == 0xB2 || c == 0xB3 || c == 0xB9;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x300 && c <= 0x36F) return false;    // combining marks
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows, dingbats
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xD800 && c <= 0xF8FF) return false;  // surrogates, private use
  if (c >= 0xFE00 && c <= 0xFE6F) return false;  // variation selectors, small forms
  if (c >= 0xFF00 && c <= 0xFF0F) return false;  // full-width punctuation
  return c < 0x1F000;                            // above: emoji and pictographs
}

bool is_hashtag_character(char32_t c) {
  return is_word_character(c) || c == 0x200C || c == 0xB7 || (c >= 0xD80 && c <= 0xDFF);
}

bool is_letter(char32_t c) {
  return is_word_character(c) && c != '_' && !(c >= '0' && c <= '9');
}

char32_t before(std::string_view text, std::size_t at) {
  return code_point_before(text, at).value;
}

char32_t after(std::string_view text, std::size_t at) {
  return code_point_at(text, at).value;
}

std::size_t username_end(std::string_view text, std::size_t at) {
  while (at < text.size() && is_username_character(static_cast<unsigned char>(text[at])))
    ++at;
  return at;
}

// @username: 4 to 32 characters (a few three-letter ones are real), not inside a word.
void find_mentions(std::string_view text, std::vector<Span>& found) {
  static constexpr std::array<std::string_view, 5> kShortUsernames = {"gif", "nft", "pic", "ufc",
                                                                      "vid"};
  for (auto at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    if (at > 0 && is_word_character(before(text, at))) continue;
    const auto end = username_end(text, at + 1);
    const auto size = end - at - 1;
    if (size < 2 || size > 32 || is_word_character(after(text, end))) continue;
    if (size < 4) {
      std::string lowered(text.substr(at + 1, size));
      for (auto& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (std::find(kShortUsernames.begin(), kShortUsernames.end(), lowered) ==
          kShortUsernames.end())
        continue;
    }
    found.push_back({"mention", at, end});
  }
}

// /command or /command@bot_username, starting the text or after a non-word character.
void find_bot_commands(std::string_view text, std::vector<Span>& found) {
  const auto is_boundary_breaker = [](char32_t c) {
    return is_word_character(c) || c == '/' || c == '<' || c == '>';
  };
  for (auto at = text.find('/'); at != std::string_view::npos; at = text.find('/', at + 1)) {
    if (at > 0 && is_boundary_breaker(before(text, at))) continue;
    auto end = username_end(text, at + 1);
    const auto name_size = end - at - 1;
    if (name_size < 1 || name_size > 64) continue;
    if (end < text.size() && text[end] == '@') {
      const auto bot_end = username_end(text, end + 1);
      const auto bot_size = bot_end - end - 1;
      if (bot_size < 3 || bot_size > 32) continue;
      end = bot_end;
    }
    if (is_boundary_breaker(after(text, end))) continue;
    found.push_back({"bot_command", at, end});
  }
}

// #tag: letters, digits and '_' (at least one letter, at most 256 counted), optionally @username.
void find_hashtags(std::string_view text, std::vector<Span>& found) {
  for (auto at = text.find('#'); at != std::string_view::npos; at = text.find('#', at + 1)) {
    if (at > 0 && is_hashtag_character(before(text, at))) continue;
    auto end = at + 1;
    std::size_t count = 0;
    std::size_t counted_end = 0;
    bool has_letter = false;
    while (end < text.size()) {
      const auto next = code_point_at(text, end);
      if (!is_hashtag_character(next.value)) break;
      end += next.size;
      if (count < 256) {
        has_letter = has_letter || is_letter(next.value);
        ++count;
        counted_end = end;
      }
    }
    if (count == 0) continue;
    auto tag_end = counted_end;
    if (tag_end == end && end < text.size() && text[end] == '@') {
      const auto bot_end = username_end(text, end + 1);
      if (bot_end - end - 1 >= 3 && bot_end - end - 1 <= 32) {
        end = bot_end;
        tag_end = bot_end;
      }
    }
    if (end < text.size() && text[end] == '#') continue;
    if (!has_letter) continue;
    found.push_back({"hashtag", at, tag_end});
  }
}

// $USD: one to eight capital letters (or $1INCH), optionally @username.
void find_cashtags(std::string_view text, std::vector<Span>& found) {
  for (auto at = text.find('$'); at != std::string_view::npos; at = text.find('$', at + 1)) {
    if (at > 0 && (is_hashtag_character(before(text, at)) || before(text, at) == '$')) continue;
    auto end = at + 1;
    if (text.substr(end, 5) == "1INCH") {
      end += 5;
    } else {
      while (end < text.size() && text[end] >= 'A' && text[end] <= 'Z')
        ++end;
    }
    if (end - at - 1 < 1 || end - at - 1 > 8) continue;
    if (end < text.size() && text[end] == '@') {
      const auto bot_end = username_end(text, end + 1);
      if (bot_end - end - 1 >= 3 && bot_end - end - 1 <= 32) end = bot_end;
    }
    if (end < text.size() && (is_hashtag_character(after(text, end)) || after(text, end) == '$'))
      continue;
    found.push_back({"cashtag", at, end});
  }
}

// --- URLs and e-mail addresses ---

bool is_url_unicode_symbol(char32_t c) {
  if (c >= 0x2000 && c <= 0x206F) return c == 0x200C || c == 0x200D || (c >= 0x2010 && c <= 0x2015);
  return !is_separator(c);
}

bool is_url_path_symbol(char32_t c) {
  return c != '\n' && c != '<' && c != '>' && c != '"' && c != 0xAB && c != 0xBB &&
         is_url_unicode_symbol(c);
}

bool is_user_data_symbol(char32_t c) {
  return std::u32string_view(U"\n/[]{}()'`<>\"@\u00AB\u00BB").find(c) ==
             std::u32string_view::npos &&
         is_url_unicode_symbol(c);
}

bool is_domain_symbol(char32_t c) {
  if (c < 0xC0) return c == '.' || is_username_character(c) || c == '-' || c == '~';
  return is_url_unicode_symbol(c);
}

bool is_protocol_symbol(char32_t c) {
  if (c < 0x80) return is_ascii_alnum(c) || c == '+' || c == '-';
  return !is_separator(c);
}

bool is_bad_path_end(char c) {
  return std::string_view(".:;,('?!`").find(c) != std::string_view::npos;
}

std::string lower_case(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

// Telegram knows the whole IANA list; the fake knows the common ones, any two-letter country code
// and the Cyrillic "рф", enough for the domains tests and bots write.
bool is_common_tld(std::string_view tld) {
  static constexpr std::array<std::string_view, 40> kGeneric = {
      "com",   "net",     "org",  "info", "biz",    "edu",    "gov",  "mil",   "int",     "io",
      "ai",    "app",     "dev",  "me",   "xyz",    "online", "site", "store", "tech",    "club",
      "pro",   "name",    "mobi", "blog", "shop",   "news",   "live", "cloud", "page",    "link",
      "space", "website", "top",  "tel",  "travel", "museum", "aero", "jobs",  "academy", "local"};
  const auto lowered = lower_case(tld);
  if (lowered == "\xD1\x80\xD1\x84") return true;  // рф
  if (lowered.size() == 2 && std::isalpha(static_cast<unsigned char>(lowered[0])) != 0 &&
      std::isalpha(static_cast<unsigned char>(lowered[1])) != 0)
    return true;
  return std::find(kGeneric.begin(), kGeneric.end(), lowered) != kGeneric.end();
}

bool is_email_address(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos) return false;
  const auto user = text.substr(0, at);
  const auto domain = text.substr(at + 1);
  if (domain.empty()) return false;
  std::size_t part_begin = 0;
  std::size_t parts = 0;
  for (std::size_t k = 0; k < user.size(); ++k) {
    if (user[k] == '.' || user[k] == '+') {
      if (k - part_begin >= 27) return false;
      ++parts;
      part_begin = k + 1;
    } else if (!is_username_character(static_cast<unsigned char>(user[k])) && user[k] != '-') {
      return false;
    }
  }
  if (++parts >= 12) return false;
  const auto last_size = user.size() - part_begin;
  if (last_size == 0 || last_size >= 36) return false;

  std::vector<std::string_view> labels;
  for (std::size_t begin = 0;;) {
    const auto dot = domain.find('.', begin);
    labels.push_back(domain.substr(begin, dot == std::string_view::npos ? dot : dot - begin));
    if (dot == std::string_view::npos) break;
    begin = dot + 1;
  }
  if (labels.size() <= 1 || labels.size() > 7) return false;
  const auto tld = labels.back();
  if (tld.size() <= 1 || tld.size() >= 9) return false;
  if (!std::all_of(tld.begin(), tld.end(),
                   [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
    return false;
  labels.pop_back();
  return std::all_of(labels.begin(), labels.end(), [](std::string_view label) {
    return !label.empty() && label.size() < 31 &&
           std::all_of(label.begin(), label.end(),
                       [](char c) {
                         return is_username_character(static_cast<unsigned char>(c)) || c == '-';
                       }) &&
           is_ascii_alnum(static_cast<unsigned char>(label.front())) &&
           is_ascii_alnum(static_cast<unsigned char>(label.back()));
  });
}

// The part of a URL candidate Telegram keeps: brackets in the path must balance, and the host
// must look like a real one. Returns the kept length; 0 when it is no URL.
std::size_t checked_url_length(std::string_view url) {
  auto rest = url;
  bool has_protocol = false;
  const auto head = lower_case(url.substr(0, 10));
  for (const std::string_view scheme : {"http://", "https://", "ftp://", "tonsite://"}) {
    if (head.starts_with(scheme)) {
      rest.remove_prefix(scheme.size());
      has_protocol = true;
      break;
    }
  }
  const auto domain_end = std::min(rest.size(), rest.find_first_of("/?#"));
  auto domain = rest.substr(0, domain_end);
  const auto path = rest.substr(domain_end);
  if (const auto at = domain.find('@'); at != std::string_view::npos) domain.remove_prefix(at + 1);
  if (const auto colon = domain.rfind(':'); colon != std::string_view::npos)
    domain = domain.substr(0, colon);

  std::array<int, 3> balance{};
  std::size_t path_end = 0;
  for (; path_end < path.size(); ++path_end) {
    const auto bracket = std::string_view("([{)]}").find(path[path_end]);
    if (bracket == std::string_view::npos) continue;
    balance[bracket % 3] += bracket < 3 ? 1 : -1;
    if (balance[bracket % 3] < 0) break;
  }
  while (path_end > 0 && is_bad_path_end(path[path_end - 1]))
    --path_end;
  const auto kept = url.size() - (path.size() - path_end);

  std::vector<std::string_view> labels;
  for (std::size_t begin = 0;;) {
    const auto dot = domain.find('.', begin);
    labels.push_back(domain.substr(begin, dot == std::string_view::npos ? dot : dot - begin));
    if (dot == std::string_view::npos) break;
    begin = dot + 1;
  }
  if (labels.size() == 1) return 0;
  bool is_ipv4 = labels.size() == 4;
  bool has_non_digit = false;
  for (const auto label : labels) {
    if (label.empty() || label.size() >= 64 || label.back() == '-') return 0;
    const bool all_digits =
        std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; });
    has_non_digit = has_non_digit || !all_digits;
    int value = 0;
    std::from_chars(label.data(), label.data() + label.size(), value);
    if (!all_digits || label.size() > 3 || value > 255 || (label[0] == '0' && label.size() > 1))
      is_ipv4 = false;
  }
  if (is_ipv4) return kept;
  if (!has_non_digit) return 0;
  const auto tld = labels.back();
  if (utf16_length(tld) <= 1) return 0;
  if (tld.starts_with("xn--")) {
    if (tld.size() <= 5 || !std::all_of(tld.begin() + 4, tld.end(), [](char c) {
          return is_ascii_alnum(static_cast<unsigned char>(c));
        }))
      return 0;
  } else {
    if (tld.find_first_of("_-") != std::string_view::npos) return 0;
    if (!has_protocol && !is_common_tld(tld)) return 0;
  }
  if (labels[labels.size() - 2].find('_') != std::string_view::npos) return 0;
  return kept;
}

std::size_t walk_back(std::string_view text, std::size_t at, std::size_t limit,
                      bool (*keeps)(char32_t)) {
  while (at > limit) {
    const auto previous = code_point_before(text, at);
    if (!keeps(previous.value)) break;
    at -= previous.size;
  }
  return at;
}

// Candidates grow around each '.': a host, then user data before '@', a port, a path, a scheme.
void find_urls(std::string_view text, std::vector<Span>& found) {
  std::size_t from = 0;
  while (true) {
    const auto dot = text.find('.', from);
    if (dot == std::string_view::npos || dot + 1 == text.size()) break;
    if (text[dot + 1] == ' ') {
      from = dot + 2;
      continue;
    }
    auto begin = walk_back(text, dot, from, is_domain_symbol);
    auto end = dot;
    std::size_t last_at = std::string_view::npos;
    while (end < text.size()) {
      const auto next = code_point_at(text, end);
      if (next.value == '@') {
        last_at = end;
      } else if (!is_domain_symbol(next.value)) {
        break;
      }
      end += next.size;
    }
    if (last_at != std::string_view::npos)
      begin = walk_back(text, begin, from, is_user_data_symbol);

    auto url_end = end;
    if (url_end < text.size() && text[url_end] == ':') {
      auto port_end = url_end + 1;
      while (port_end < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[port_end])) != 0)
        ++port_end;
      auto port_begin = url_end + 1;
      while (port_begin != port_end && text[port_begin] == '0')
        ++port_begin;
      int port = 0;
      std::from_chars(text.data() + port_begin, text.data() + port_end, port);
      if (port_begin != port_end && port_end - port_begin <= 5 && port <= 65535) url_end = port_end;
    }
    if (url_end < text.size() &&
        std::string_view("/?#").find(text[url_end]) != std::string_view::npos) {
      auto path_end = url_end + 1;
      while (path_end < text.size()) {
        const auto next = code_point_at(text, path_end);
        if (!is_url_path_symbol(next.value)) break;
        path_end += next.size;
      }
      while (path_end > url_end + 1 && is_bad_path_end(text[path_end - 1]))
        --path_end;
      if (text[url_end] == '/' || path_end > url_end + 1) url_end = path_end;
    }
    while (url_end > dot + 1 && text[url_end - 1] == '.')
      --url_end;

    bool bad = false;
    auto url_begin = begin;
    if (url_begin != from && text[url_begin - 1] == '@') {
      bad = last_at != std::string_view::npos;
      const auto user_begin = walk_back(text, url_begin - 1, from, is_user_data_symbol);
      bad = bad || user_begin == url_begin - 1;
      url_begin = user_begin;
    }
    if (url_begin != from) {
      const auto prefix = text.substr(from, url_begin - from);
      if (prefix.size() >= 6 && prefix.ends_with("://")) {
        const auto protocol_begin = walk_back(text, url_begin - 3, from, is_protocol_symbol);
        const auto protocol =
            lower_case(text.substr(protocol_begin, url_begin - 3 - protocol_begin));
        if (protocol.ends_with("http") && protocol != "shttp") {
          url_begin -= 7;
        } else if (protocol.ends_with("https")) {
          url_begin -= 8;
        } else if (protocol.ends_with("ftp") && protocol != "tftp" && protocol != "sftp") {
          url_begin -= 6;
        } else if (protocol.ends_with("tonsite")) {
          url_begin -= 10;
        } else {
          bad = true;
        }
      } else {
        const auto previous = before(text, url_begin);
        bad = is_word_character(previous) || previous == '/' || previous == '#' || previous == '@';
      }
    }

    if (!bad) {
      if (url_end > dot + 1) {
        const auto candidate = text.substr(url_begin, url_end - url_begin);
        if (is_email_address(candidate)) {
          found.push_back({"email", url_begin, url_end});
        } else if (lower_case(candidate.substr(0, 7)) == "mailto:" &&
                   is_email_address(candidate.substr(7))) {
          found.push_back({"email", url_begin + 7, url_end});
        } else if (const auto kept = checked_url_length(candidate); kept > 0) {
          found.push_back({"url", url_begin, url_begin + kept});
        }
      }
      while (url_end < text.size() && text[url_end] == '.')
        ++url_end;
    } else {
      while (url_end > dot + 1 && text[url_end - 1] != '.')
        --url_end;
    }
    from = std::max(url_end, dot + 1);
  }
}

}  // namespace

std::vector<MessageEntity> detect_entities(std::string_view text) {
  std::vector<Span> found;
  find_mentions(text, found);
  find_bot_commands(text, found);
  find_hashtags(text, found);
  find_cashtags(text, found);
  find_urls(text, found);
  std::stable_sort(found.begin(), found.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<MessageEntity> entities;
  std::size_t covered_to = 0;
  for (const auto& span : found) {
    if (span.begin < covered_to) continue;  // one entity per character, the earliest wins
    entities.push_back({.type = std::string(span.type),
                        .offset = static_cast<std::int64_t>(span.begin),
                        .length = static_cast<std::int64_t>(span.end - span.begin)});
    covered_to = span.end;
  }
  return with_utf16_entities(std::string(text), std::move(entities)).entities;
}

}  // namespace tas::fake::detail
