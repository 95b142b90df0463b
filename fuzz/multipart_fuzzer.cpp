// A request's form data as the HTTP server decodes it: a multipart/form-data Content-Type and
// body, a url-encoded body. Any bytes give parts or an error that is bounded and does not repeat
// the body. And parts, or fields, written out the way clients write them (CRLF or bare LF,
// transport padding, a preamble and an epilogue, quoted or RFC 5987 file names) parse back to
// exactly themselves.
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include <fuzzer/FuzzedDataProvider.h>

#include <tas/http_server/form_data.hpp>

namespace {

using tas::fuzz::broken;
using tas::http_server::FormField;
using tas::http_server::MultipartPart;

// The raw input as a Content-Type line, then a body, and as a url-encoded body.
void check_any_bytes(std::string_view input) {
  const std::size_t line_end = std::min(input.find('\n'), input.size());
  const std::string_view content_type = input.substr(0, line_end);
  const std::string_view body = input.substr(std::min(line_end + 1, input.size()));

  const std::optional<std::string> boundary = tas::http_server::multipart_boundary(content_type);
  if (boundary && (boundary->empty() || boundary->size() > content_type.size())) {
    broken("a boundary that is empty or longer than its Content-Type");
  }
  const auto parsed =
      tas::http_server::parse_multipart(boundary ? *boundary : content_type.substr(0, 8), body);
  if (parsed.error.empty()) {
    std::size_t bytes = 0;
    for (const MultipartPart& part : parsed.parts)
      bytes += part.name.size() + part.body.size() + part.content_type.size();
    if (bytes > body.size()) broken("parts with more bytes than their body");
  } else {
    if (!parsed.parts.empty()) broken("an error that still gives parts");
    tas::fuzz::check_message(parsed.error, body);
  }

  if (const auto fields = tas::http_server::parse_url_encoded(input)) {
    std::size_t bytes = 0;
    for (const FormField& field : *fields)
      bytes += field.name.size() + field.value.size();
    if (bytes > input.size()) broken("url-encoded fields with more bytes than their text");
  }
}

// A header line or quoted string holds no line break.
std::string one_line(std::string text) {
  std::erase_if(text, [](char c) { return c == '\r' || c == '\n'; });
  return text;
}

std::string without_blanks_around(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.pop_back();
  const std::size_t first = text.find_first_not_of(" \t");
  return first == std::string::npos ? std::string() : text.substr(first);
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + '"';
}

// Every byte but RFC 3986's unreserved ones as %XX; with `plus_for_blank`, a blank as '+'.
std::string percent_encoded(std::string_view text, bool plus_for_blank) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else if (plus_for_blank && c == ' ') {
      out.push_back('+');
    } else {
      out += {'%', kHex[byte >> 4], kHex[byte & 0xf]};
    }
  }
  return out;
}

// A boundary made of RFC 2046's boundary characters that stands in none of `texts`.
std::optional<std::string> boundary_outside(FuzzedDataProvider& input,
                                            const std::vector<std::string_view>& texts) {
  std::string base = input.ConsumeRandomLengthString(40);
  std::erase_if(base, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) == 0 &&
           std::string_view("'()+_,-./:=?").find(c) == std::string_view::npos;
  });
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::string boundary = base + "=" + std::to_string(attempt);
    const auto holds = [&](std::string_view text) {
      return text.find(boundary) != std::string_view::npos;
    };
    if (std::none_of(texts.begin(), texts.end(), holds)) return boundary;
  }
  return std::nullopt;
}

void check_multipart_round_trip(FuzzedDataProvider& input) {
  const bool bare_lf = input.ConsumeBool();
  const std::string line_break = bare_lf ? "\n" : "\r\n";
  const std::string padding(input.ConsumeIntegralInRange<std::size_t>(0, 2), ' ');
  const std::string preamble = input.ConsumeRandomLengthString(16);
  std::vector<MultipartPart> parts(input.ConsumeIntegralInRange<std::size_t>(0, 6));
  std::vector<bool> extended_file_name;
  std::vector<std::string_view> texts = {preamble};
  for (MultipartPart& part : parts) {
    part.name = one_line(input.ConsumeRandomLengthString(24));
    if (input.ConsumeBool()) part.file_name = one_line(input.ConsumeRandomLengthString(24));
    extended_file_name.push_back(input.ConsumeBool());
    part.content_type = without_blanks_around(one_line(input.ConsumeRandomLengthString(24)));
    part.body = input.ConsumeRandomLengthString(256);
    texts.insert(texts.end(), {part.name, part.content_type, part.body});
    if (part.file_name) texts.push_back(*part.file_name);
  }
  const std::optional<std::string> boundary = boundary_outside(input, texts);
  if (!boundary) return;
  const std::string epilogue = input.ConsumeRemainingBytesAsString();

  const std::string content_type =
      "multipart/form-data; boundary=" + (input.ConsumeBool() ? quoted(*boundary) : *boundary);
  if (tas::http_server::multipart_boundary(content_type) != *boundary) {
    broken("a Content-Type's boundary does not read back");
  }

  std::string body = preamble.empty() ? "" : preamble + line_break;
  body += "--" + *boundary;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const MultipartPart& part = parts[i];
    body += padding + line_break + "Content-Disposition: form-data; name=" + quoted(part.name);
    if (part.file_name && extended_file_name[i]) {
      body += "; filename*=UTF-8''" + percent_encoded(*part.file_name, false);
    } else if (part.file_name) {
      body += "; filename=" + quoted(*part.file_name);
    }
    body += line_break;
    if (!part.content_type.empty()) body += "Content-Type: " + part.content_type + line_break;
    body += line_break + part.body + line_break + "--" + *boundary;
  }
  body += "--" + line_break + epilogue;

  const auto parsed = tas::http_server::parse_multipart(*boundary, body);
  if (!parsed.error.empty()) broken("a body written from parts is refused");
  if (parsed.parts != parts) broken("a body written from parts parses to other parts");
}

void check_url_encoded_round_trip(FuzzedDataProvider& input) {
  std::vector<FormField> fields(input.ConsumeIntegralInRange<std::size_t>(0, 8));
  std::string text;
  for (FormField& field : fields) {
    field.name = input.ConsumeRandomLengthString(24);
    field.value = input.ConsumeRandomLengthString(64);
    if (!text.empty() || input.ConsumeBool()) text += '&';  // a leading or doubled '&' is skipped
    text += percent_encoded(field.name, true) + '=' + percent_encoded(field.value, true);
  }
  if (tas::http_server::parse_url_encoded(text) != fields) {
    broken("url-encoded fields do not read back");
  }
  for (const FormField& field : fields) {
    if (tas::http_server::percent_decode(percent_encoded(field.value, false), false) !=
        field.value) {
      broken("a percent-encoded value does not read back");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_any_bytes(tas::fuzz::as_text(data, size));
  FuzzedDataProvider input(data, size);
  if (input.ConsumeBool()) {
    check_multipart_round_trip(input);
  } else {
    check_url_encoded_round_trip(input);
  }
  return 0;
}
