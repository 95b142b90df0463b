// The agent profile, from its bytes: the text --profile names, as load_profile parses it.
#include "fuzz_support.hpp"

#include <tas/core/errors.hpp>
#include <tas/core/profile.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = tas::fuzz::as_text(data, size);
  try {
    const tas::AgentProfile profile =
        tas::profile_from_text(text, "/fuzz/profile.json", "/fuzz", "/home/fuzz");
    if (profile.command_timeout.count() < 1 || profile.command_timeout.count() > 86400)
      tas::fuzz::broken("a command timeout outside 1..86400 s was accepted");
    if (profile.stop_grace.count() < 1 || profile.stop_grace.count() > 300)
      tas::fuzz::broken("a stop grace outside 1..300 s was accepted");
  } catch (const tas::UsageError& error) {
    tas::fuzz::check_message(error.what(), text);
  }
  return 0;
}
