# tas_enable_warnings(<target>) turns on the warning set every target of this project builds with.
function(tas_enable_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  if(TAS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# tas_precompile_common_headers(<target> [TESTS]) precompiles the heavy headers most files of the
# project include (nlohmann/json, fmt, the standard library; GoogleTest/GoogleMock for TESTS):
# parsing them once per target instead of once per file roughly halves a clean build.
function(tas_precompile_common_headers target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "TESTS" "" "")
  set(headers <nlohmann/json.hpp> <fmt/format.h> <filesystem> <functional> <map> <memory>
              <optional> <string> <string_view> <vector>)
  if(ARG_TESTS)
    list(APPEND headers <gmock/gmock.h> <gtest/gtest.h>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
