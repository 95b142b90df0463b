# TestAsSelf.cmake — register test-as-self suites with CTest, once per tier.
#
#   tas_add_suite(<name>
#                 SOURCES <file>...
#                 [TIERS unit integration live]   # default: all three
#                 [DEADLINE_S <seconds>]          # the harness's own deadline per test (default 120)
#                 [LIBRARIES <target>...])
#
# Builds <name> as a GoogleTest executable linked with the test-as-self fixtures, and registers
# every test in it once per tier as "<tier>/<Suite>.<Test>", with
#   LABELS      <tier>                     (ctest -L '^<tier>$' selects a tier)
#   ENVIRONMENT TAS_TIER=<tier>            (the fixture picks its backend set from it)
#   TIMEOUT     DEADLINE_S + 60            (CTest kills with SIGKILL; the harness's own deadline must
#                                           fire first so teardown runs)
#   RESOURCE_LOCK tas-live-bot             (live tier only: one bot token allows one poller)
# The deadline, the report directory and the state directory reach the test on its command line
# (--tas-deadline-s, --tas-report-dir, --tas-state-dir).

include_guard(GLOBAL)
include(GoogleTest)

set(TAS_KNOWN_TIERS unit integration live)
set(TAS_REPORT_DIR "${CMAKE_BINARY_DIR}/test-reports" CACHE PATH
    "Where suites registered by tas_add_suite write their run reports")
set(TAS_TEST_STATE_DIR "${CMAKE_BINARY_DIR}/test-state" CACHE PATH
    "test-as-self's state directory for suites (process registry): 'test-as-self cleanup' with
    TEST_AS_SELF_STATE_DIR set to it reaps what a killed test left")

function(tas_add_suite name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "DEADLINE_S" "SOURCES;TIERS;LIBRARIES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tas_add_suite(${name}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tas_add_suite(${name}): SOURCES is required")
  endif()
  if(NOT ARG_TIERS)
    set(ARG_TIERS ${TAS_KNOWN_TIERS})
  endif()
  if(NOT ARG_DEADLINE_S)
    set(ARG_DEADLINE_S 120)
  endif()
  math(EXPR ctest_timeout "${ARG_DEADLINE_S} + 60")

  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE tas::fixtures_main ${ARG_LIBRARIES})
  if(COMMAND tas_enable_warnings)
    tas_enable_warnings(${name})
  endif()

  foreach(tier IN LISTS ARG_TIERS)
    if(NOT tier IN_LIST TAS_KNOWN_TIERS)
      message(FATAL_ERROR "tas_add_suite(${name}): unknown tier '${tier}' (known: ${TAS_KNOWN_TIERS})")
    endif()
    set(properties LABELS ${tier} ENVIRONMENT TAS_TIER=${tier} TIMEOUT ${ctest_timeout})
    if(tier STREQUAL "live")
      list(APPEND properties RESOURCE_LOCK tas-live-bot)
    endif()
    gtest_discover_tests(${name}
      TEST_PREFIX "${tier}/"
      EXTRA_ARGS --tas-deadline-s=${ARG_DEADLINE_S} --tas-report-dir=${TAS_REPORT_DIR}/${tier}
                 --tas-state-dir=${TAS_TEST_STATE_DIR}
      PROPERTIES ${properties}
      # Each test run by ctest also writes GoogleTest's JUnit XML, where every phase of a SelfTest
      # is a <property> (status, duration, detail): ctest's own --output-junit keeps only output.
      XML_OUTPUT_DIR ${TAS_REPORT_DIR}/${tier}/junit
      DISCOVERY_TIMEOUT 30)
  endforeach()
endfunction()
