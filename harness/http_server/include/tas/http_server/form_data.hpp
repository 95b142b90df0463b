#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A request's parameters as clients send them: in a query string, in an
// application/x-www-form-urlencoded body, or in a multipart/form-data body. Every function here
// takes untrusted bytes: none throws on malformed input, and each does work linear in its input.
namespace tas::http_server {

// Decodes %XX escapes (either case) and, when `plus_is_space`, '+' as a blank. nullopt when an
// escape is malformed ("%4", "%zz"). Every escape is checked before anything is written, so a
// refused secret leaves no partly decoded copy behind.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

struct FormField {
  std::string name;
  std::string value;

  friend bool operator==(const FormField&, const FormField&) = default;
};

// A query string or an application/x-www-form-urlencoded body: fields split on '&', name and value
// on the first '=', both percent-decoded with '+' as a blank. An empty piece ("a=1&&b=2") is
// skipped; a piece without '=' is a field with an empty value. nullopt when an escape is
// malformed. Order and repeats are kept. The fields are allocated once, at their final size, and
// nothing is decoded unless every escape is well-formed: a caller that wipes the values it holds
// (they may be secrets) leaves no other copy of them in freed memory.
[[nodiscard]] std::optional<std::vector<FormField>> parse_url_encoded(std::string_view text);

struct MultipartPart {
  std::string name;                      // Content-Disposition's name
  std::optional<std::string> file_name;  // its filename, when the part is a file
  std::string content_type;              // the part's Content-Type, empty when absent
  std::string body;

  friend bool operator==(const MultipartPart&, const MultipartPart&) = default;
};

// The boundary parameter of a multipart/form-data Content-Type header value
// ("multipart/form-data; boundary=x", quoted or not, parameter name in any case, other parameters
// around it); nullopt when the media type is not multipart/form-data or it has no boundary.
[[nodiscard]] std::optional<std::string> multipart_boundary(std::string_view content_type);

// A multipart/form-data body, parsed: the parts, or what was malformed.
struct MultipartParse {
  std::vector<MultipartPart> parts;
  std::string error;  // empty when the body is well-formed
};

// Parses a multipart/form-data body (RFC 7578 / RFC 2046) as every common client writes it:
//  - the first delimiter line `--boundary` starts the body or follows a preamble; the close
//    delimiter `--boundary--` ends it and what follows (the epilogue) is ignored; blanks and tabs
//    may pad a delimiter line;
//  - a part's header lines end in CRLF or, from some clients, a bare LF; its body then ends
//    exactly before CRLF--boundary (LF--boundary when the headers ended in a bare LF), so bodies
//    are binary-safe;
//  - Content-Disposition's parameters are quoted (with \" and \\ escapes) or bare tokens, as
//    grammY sends `filename=photo.jpg`, in any order and case; `filename*=UTF-8''…` (RFC 5987)
//    is decoded and preferred over `filename`.
// The error names what is wrong (a missing first or close delimiter, a part without a name, a
// header line without ':') and repeats at most a short excerpt of the body. The boundary is at
// most 70 bytes, RFC 2046's limit, which also bounds the work to linear in the body's size.
[[nodiscard]] MultipartParse parse_multipart(std::string_view boundary, std::string_view body);

}  // namespace tas::http_server
