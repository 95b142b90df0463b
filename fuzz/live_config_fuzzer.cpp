// The live tier's configuration (TAS_LIVE_CONFIG), from its bytes.
#include "fuzz_support.hpp"

#include <tas/core/errors.hpp>
#include <tas/tiers/live_config.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = tas::fuzz::as_text(data, size);
  try {
    (void)tas::parse_live_config(text, "/fuzz/live.json");
  } catch (const tas::UsageError& error) {
    tas::fuzz::check_message(error.what(), text);
  }
  return 0;
}
