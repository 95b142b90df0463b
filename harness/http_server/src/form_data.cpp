#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "header_value.hpp"

#include <tas/http_server/form_data.hpp>

namespace tas::http_server {
namespace {

using detail::equals_ignoring_case;
using detail::trim_blanks;

// RFC 2046's longest boundary. The search for a delimiter compares up to this many bytes at each
// place in the body, so the limit is also what keeps parsing linear in the body's size.
constexpr std::size_t kMaxBoundary = 70;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool escapes_are_well_formed(std::string_view text) {
  for (std::size_t at = text.find('%'); at != std::string_view::npos; at = text.find('%', at + 3)) {
    if (at + 2 >= text.size() || hex_value(text[at + 1]) < 0 || hex_value(text[at + 2]) < 0) {
      return false;
    }
  }
  return true;
}

// `text` decoded, its escapes already known to be well-formed. The result is reserved at its
// largest size up front, so it is never reallocated (which would free a copy unwiped).
std::string decode_well_formed(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == '%') {
      out.push_back(static_cast<char>(hex_value(text[at + 1]) * 16 + hex_value(text[at + 2])));
      at += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

// The non-empty pieces of `text` between '&'s.
std::vector<std::string_view> url_encoded_pieces(std::string_view text) {
  std::vector<std::string_view> pieces;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('&'), text.size());
    if (end > 0) pieces.push_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return pieces;
}

// An RFC 5987 ext-value (`UTF-8''na%C3%AFve.txt`) as UTF-8; nullopt when it is malformed or in a
// charset other than UTF-8 and ISO-8859-1, the two the RFC names.
std::optional<std::string> decode_ext_value(std::string_view value) {
  const std::size_t charset_end = value.find('\'');
  if (charset_end == std::string_view::npos) return std::nullopt;
  const std::size_t language_end = value.find('\'', charset_end + 1);
  if (language_end == std::string_view::npos) return std::nullopt;
  std::optional<std::string> bytes = percent_decode(value.substr(language_end + 1), false);
  if (!bytes) return std::nullopt;
  const std::string_view charset = value.substr(0, charset_end);
  if (equals_ignoring_case(charset, "utf-8")) return bytes;
  if (!equals_ignoring_case(charset, "iso-8859-1")) return std::nullopt;
  std::string utf8;
  for (const char c : *bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      utf8.push_back(c);
    } else {
      utf8.push_back(static_cast<char>(0xc0 | (byte >> 6)));
      utf8.push_back(static_cast<char>(0x80 | (byte & 0x3f)));
    }
  }
  return utf8;
}

// One part's header lines, read up to the empty line that ends them.
struct PartHeaders {
  std::optional<std::string> disposition;   // the first Content-Disposition
  std::optional<std::string> content_type;  // the first Content-Type
  bool bare_lf = false;  // the empty line ended in LF alone: the client writes no CR
  std::size_t end = 0;   // where the part's body starts
};

// Reads a multipart body part by part: finds each delimiter line, reads the part's headers, and
// takes the bytes up to the next delimiter as its body, each byte looked at a bounded number of
// times.
class MultipartReader {
 public:
  MultipartReader(std::string_view boundary, std::string_view body)
      : delimiter_("--" + std::string(boundary)), body_(body) {}

  MultipartParse read() {
    MultipartParse result;
    result.error = read_parts(result.parts);
    if (!result.error.empty()) result.parts.clear();
    return result;
  }

 private:
  // What stands at a place where "--boundary" was found.
  struct Delimiter {
    enum Kind { kNone, kOpen, kClose } kind = kNone;
    std::size_t next = 0;  // kOpen: where the part's headers start
  };

  std::string read_parts(std::vector<MultipartPart>& parts) {
    std::optional<Delimiter> delimiter = first_delimiter();
    if (!delimiter) return "the body does not start with the boundary \"" + delimiter_ + "\"";
    while (delimiter->kind == Delimiter::kOpen) {
      const std::string number = "part " + std::to_string(parts.size() + 1);
      PartHeaders headers;
      if (std::string error = read_headers(delimiter->next, number, headers); !error.empty()) {
        return error;
      }
      MultipartPart& part = parts.emplace_back();
      if (std::string error = read_disposition(headers, number, part); !error.empty()) {
        return error;
      }
      part.content_type = std::move(headers.content_type).value_or("");
      const std::size_t body_end =
          next_delimiter(headers.end, headers.bare_lf ? "\n" : "\r\n", *delimiter);
      if (body_end == std::string_view::npos) {
        return number + " is not followed by a delimiter: the body ends before the close " +
               "delimiter \"" + delimiter_ + "--\" (is it cut short?)";
      }
      part.body = body_.substr(headers.end, body_end - headers.end);
    }
    return {};
  }

  // A delimiter line is "--boundary" then "--" (the close delimiter), or blanks and tabs (the
  // transport padding) then a line break. Anything else only looks like one.
  [[nodiscard]] Delimiter delimiter_at(std::size_t at) const {
    std::size_t after = at + delimiter_.size();
    if (body_.compare(after, 2, "--") == 0) return {Delimiter::kClose, 0};
    while (after < body_.size() && (body_[after] == ' ' || body_[after] == '\t'))
      ++after;
    if (body_.compare(after, 2, "\r\n") == 0) return {Delimiter::kOpen, after + 2};
    if (body_.compare(after, 1, "\n") == 0) return {Delimiter::kOpen, after + 1};
    return {};
  }

  // The first delimiter line: at the very start, or after a preamble.
  [[nodiscard]] std::optional<Delimiter> first_delimiter() const {
    if (body_.starts_with(delimiter_)) {
      if (const Delimiter found = delimiter_at(0); found.kind != Delimiter::kNone) return found;
    }
    Delimiter found;
    if (next_delimiter(0, "\n", found) == std::string_view::npos) return std::nullopt;
    return found;
  }

  // Where the next delimiter line after `from` starts its line break `line_break` (the end of the
  // body before it), or npos; `found` is what the delimiter is.
  std::size_t next_delimiter(std::size_t from, std::string_view line_break,
                             Delimiter& found) const {
    const std::string needle = std::string(line_break) + delimiter_;
    for (std::size_t at = body_.find(needle, from); at != std::string_view::npos;
         at = body_.find(needle, at + 1)) {
      found = delimiter_at(at + line_break.size());
      if (found.kind != Delimiter::kNone) return at;
    }
    return std::string_view::npos;
  }

  // Keeps only the headers a part is read by, so a part with many others costs no memory.
  std::string read_headers(std::size_t at, const std::string& number, PartHeaders& headers) const {
    bool first_line = true;
    // What a line that starts with a blank (a folded line) continues; null after another header.
    std::string* continued = nullptr;
    while (true) {
      const std::size_t line_end = body_.find('\n', at);
      if (line_end == std::string_view::npos) {
        return number + "'s headers are not ended by an empty line before the body ends";
      }
      std::string_view line = body_.substr(at, line_end - at);
      const bool crlf = line.ends_with('\r');
      if (crlf) line.remove_suffix(1);
      at = line_end + 1;
      if (line.empty()) {
        headers.bare_lf = !crlf;
        headers.end = at;
        return {};
      }
      if (line.front() == ' ' || line.front() == '\t') {
        if (first_line) return number + "'s first header line starts with a blank";
        if (continued != nullptr) continued->append(" ").append(trim_blanks(line));
        continue;
      }
      first_line = false;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return number + " has a header line without ':'";
      const std::string_view name = trim_blanks(line.substr(0, colon));
      if (name.empty()) return number + " has a header line with no name before its ':'";
      const std::string_view value = trim_blanks(line.substr(colon + 1));
      continued = nullptr;
      if (equals_ignoring_case(name, "content-disposition") && !headers.disposition) {
        continued = &headers.disposition.emplace(value);
      } else if (equals_ignoring_case(name, "content-type") && !headers.content_type) {
        continued = &headers.content_type.emplace(value);
      }
    }
  }

  static std::string read_disposition(const PartHeaders& headers, const std::string& number,
                                      MultipartPart& part) {
    if (!headers.disposition) return number + " has no Content-Disposition header";
    const std::optional<detail::HeaderValue> disposition =
        detail::parse_header_value(*headers.disposition);
    if (!disposition) return number + "'s Content-Disposition has a quoted string never closed";
    if (disposition->type != "form-data") {
      return number + "'s Content-Disposition is not form-data";
    }
    const std::string* name = disposition->find("name");
    if (name == nullptr) return number + " has no Content-Disposition name";
    part.name = *name;
    if (const std::string* extended = disposition->find("filename*")) {
      part.file_name = decode_ext_value(*extended);
    }
    if (const std::string* file_name = disposition->find("filename");
        !part.file_name && file_name) {
      part.file_name = *file_name;
    }
    return {};
  }

  std::string delimiter_;
  std::string_view body_;
};

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  if (!escapes_are_well_formed(text)) return std::nullopt;
  return decode_well_formed(text, plus_is_space);
}

std::optional<std::vector<FormField>> parse_url_encoded(std::string_view text) {
  if (!escapes_are_well_formed(text)) return std::nullopt;
  const std::vector<std::string_view> pieces = url_encoded_pieces(text);
  std::vector<FormField> fields;
  fields.reserve(pieces.size());
  for (const std::string_view piece : pieces) {
    const std::size_t equals = std::min(piece.find('='), piece.size());
    FormField& field = fields.emplace_back();
    field.name = decode_well_formed(piece.substr(0, equals), true);
    field.value = decode_well_formed(piece.substr(std::min(equals + 1, piece.size())), true);
  }
  return fields;
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const std::optional<detail::HeaderValue> header = detail::parse_header_value(content_type);
  if (!header || header->type != "multipart/form-data") return std::nullopt;
  const std::string* boundary = header->find("boundary");
  if (boundary == nullptr || boundary->empty()) return std::nullopt;
  return *boundary;
}

MultipartParse parse_multipart(std::string_view boundary, std::string_view body) {
  if (boundary.empty() || boundary.size() > kMaxBoundary) {
    return {{},
            "the boundary is " + std::to_string(boundary.size()) +
                " bytes long; RFC 2046 allows 1 to 70"};
  }
  return MultipartReader(boundary, body).read();
}

}  // namespace tas::http_server
