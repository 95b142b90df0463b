#include <algorithm>

#include <fmt/format.h>

#include <tas/core/untrusted_json.hpp>

namespace tas {
namespace {

JsonSyntaxError error_at(std::string_view text, std::size_t byte, std::string kind) {
  JsonSyntaxError error;
  error.byte = std::min(byte, text.size());
  const std::string_view before = text.substr(0, error.byte);
  error.line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n');
  error.column = error.byte - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  error.kind = std::move(kind);
  return error;
}

// The first place the text opens more than `max_depth` arrays or objects. Strings are skipped
// (brackets inside them do not count), escapes included, so the scan agrees with the parser on
// every text the parser accepts.
std::optional<std::size_t> too_deep_at(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 5: syntax
// error while parsing value - invalid string: …; last read: '<the text>'". Only the fixed middle
// is kept: the "last read" part quotes the input. Other errors ("number overflow parsing
// '1e999'") quote the input throughout, so they get a fixed wording.
std::string kind_of(const nlohmann::detail::exception& error) {
  if (error.id == 406) return "a number too large to represent";
  std::string_view message = error.what();
  if (message.find("parse_error") == std::string_view::npos) return "not valid JSON";
  if (const auto cut = message.find("; last read:"); cut != std::string_view::npos) {
    message = message.substr(0, cut);
  }
  if (const auto column = message.find("column "); column != std::string_view::npos) {
    if (const auto colon = message.find(": ", column); colon != std::string_view::npos) {
      message = message.substr(colon + 2);
    }
  } else if (const auto bracket = message.find("] "); bracket != std::string_view::npos) {
    message = message.substr(bracket + 2);
  }
  constexpr std::size_t kMaxKind = 160;
  return std::string(message.substr(0, kMaxKind));
}

// Run over a text the DOM parser refused, to learn where and why without any exception: the
// position comes with every kind of error, a number out of range included.
class ErrorFinder : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    position_ = position;
    kind_ = kind_of(error);
    return false;
  }

  std::size_t position_ = 0;
  std::string kind_ = "not valid JSON";
};

}  // namespace

std::string JsonSyntaxError::describe() const {
  return fmt::format("line {}, column {}: {}", line, column, kind);
}

JsonParse parse_untrusted_json(std::string_view text, std::size_t max_depth) {
  JsonParse result;
  if (const auto deep = too_deep_at(text, max_depth)) {
    result.value = nlohmann::json(nlohmann::json::value_t::discarded);
    result.error = error_at(text, *deep,
                            fmt::format("arrays and objects nested deeper than {} levels (the "
                                        "limit for any JSON the harness reads)",
                                        max_depth));
    return result;
  }
  result.value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (result.value.is_discarded()) {
    ErrorFinder finder;
    (void)nlohmann::json::sax_parse(text, &finder);
    // `position` counts the bytes read, the offending one included.
    result.error =
        error_at(text, finder.position_ == 0 ? 0 : finder.position_ - 1, std::move(finder.kind_));
  }
  return result;
}

}  // namespace tas
