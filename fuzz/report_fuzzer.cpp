// The report reader: whether the bytes at a --report-json path are a report it may replace.
#include "fuzz_support.hpp"

#include <tas/engine/report.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = tas::fuzz::as_text(data, size);
  if (tas::is_report_text(text) && text.find("test-as-self/report@") == std::string_view::npos &&
      text.find("\\u") == std::string_view::npos)
    tas::fuzz::broken("a text without the report schema was taken for a report");
  return 0;
}
