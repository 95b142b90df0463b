// A bot's message text in the fake Telegram, through each parse_mode and through the entity
// detection every text gets; the first byte picks the mode. Whatever the text, the result is
// UTF-8, no longer than the input, and its entities lie inside it; a refusal is a 400 whose
// description stays short.
#include "api_error.hpp"
#include "fuzz_support.hpp"
#include "message_text.hpp"
#include "utf8_text.hpp"

namespace {

using tas::fake::detail::ApiError;

void check(const tas::fake::detail::FormattedText& formatted, std::string_view input) {
  if (!tas::fake::detail::is_valid_utf8(formatted.text)) tas::fuzz::broken("text is not UTF-8");
  if (formatted.text.size() > input.size()) tas::fuzz::broken("text longer than the input");
  const auto length = tas::fake::detail::utf16_length(formatted.text);
  for (const auto& entity : formatted.entities) {
    if (entity.offset < 0 || entity.length <= 0 || entity.offset + entity.length > length) {
      tas::fuzz::broken("an entity outside the text");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kModes[] = {"", "HTML", "MarkdownV2", "Markdown"};
  const char* mode = kModes[data[0] % 4];
  const std::string_view text = tas::fuzz::as_text(data + 1, size - 1);
  try {
    check(tas::fake::detail::format_bot_text(text, mode, std::nullopt), text);
  } catch (const ApiError& error) {
    if (error.code() != 400) tas::fuzz::broken("a refusal that is not a 400");
    if (!error.description().starts_with("Bad Request: "))
      tas::fuzz::broken("a refusal without Telegram's prefix");
    tas::fuzz::check_message(error.description(), text);
  }
  return 0;
}
