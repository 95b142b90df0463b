# TestAsSelf.cmake — register test-as-self suites with CTest, once per tier.
#
#   tas_add_suite(<name>
#                 SOURCES <file>...
#                 [PROFILE <file>]                # the agent under test (default: the reference agent)
#                 [TIERS unit integration live]   # default: all three
#                 [DEADLINE_S <seconds>]          # the harness's own deadline per test (default 120)
#                 [LIBRARIES <target>...])
#
# Builds <name> as a GoogleTest executable linked with the test-as-self fixtures
# (TestAsSelf::fixtures_main), and registers every test in it once per tier as
# "<tier>/<Suite>.<Test>", with
#   LABELS      <tier>                     (ctest -L '^<tier>$' selects a tier)
#   ENVIRONMENT TAS_TIER=<tier>            (the fixture picks its backend set from it)
#   TIMEOUT     DEADLINE_S + 60            (CTest kills with SIGKILL; the harness's own deadline must
#                                           fire first so teardown runs)
#   RESOURCE_LOCK tas-live-bot             (live tier only: one bot token allows one poller)
# The profile, the deadline, the report directory and the state directory reach the test on its
# command line (--tas-profile, --tas-deadline-s, --tas-report-dir, --tas-state-dir).
#
# Works the same from any project: found with find_package(TestAsSelf), or brought in with
# FetchContent or add_subdirectory. The calling project enables testing (enable_testing() or
# include(CTest)) as for any CTest test.

include_guard(GLOBAL)

set(TAS_REPORT_DIR "${CMAKE_BINARY_DIR}/test-reports" CACHE PATH
    "Where suites registered by tas_add_suite write their run reports")
set(TAS_TEST_STATE_DIR "${CMAKE_BINARY_DIR}/test-state" CACHE PATH
    "test-as-self's state directory for suites (process registry): 'test-as-self cleanup' with
    TEST_AS_SELF_STATE_DIR set to it reaps what a killed test left")

function(tas_add_suite name)
  # GoogleTest's module keeps the path of its discovery script in a variable of the scope that
  # includes it: included here, discovery works whichever scope calls tas_add_suite.
  include(GoogleTest)
  set(known_tiers unit integration live)
  list(JOIN known_tiers ", " known_list)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "DEADLINE_S;PROFILE" "SOURCES;TIERS;LIBRARIES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tas_add_suite(${name}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS} "
                        "(known: SOURCES, PROFILE, TIERS, DEADLINE_S, LIBRARIES)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "tas_add_suite(${name}): SOURCES is required")
  endif()
  if("TIERS" IN_LIST ARG_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "tas_add_suite(${name}): TIERS names no tier, which would register no "
                        "test. Name one or more of: ${known_list} (or leave TIERS out for all).")
  endif()
  if(NOT DEFINED ARG_TIERS)
    set(ARG_TIERS ${known_tiers})
  endif()
  foreach(tier IN LISTS ARG_TIERS)
    if(NOT tier IN_LIST known_tiers)
      message(FATAL_ERROR "tas_add_suite(${name}): unknown tier '${tier}' (known: ${known_list})")
    endif()
  endforeach()
  if(NOT ARG_DEADLINE_S)
    set(ARG_DEADLINE_S 120)
  endif()
  if(NOT ARG_DEADLINE_S MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "tas_add_suite(${name}): DEADLINE_S '${ARG_DEADLINE_S}' is not a positive "
                        "whole number of seconds")
  endif()
  math(EXPR ctest_timeout "${ARG_DEADLINE_S} + 60")

  # The agent: the suite's own profile, else the reference agent's when it is built or installed.
  if(ARG_PROFILE)
    cmake_path(ABSOLUTE_PATH ARG_PROFILE BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               OUTPUT_VARIABLE profile)
    if(NOT EXISTS "${profile}")
      message(FATAL_ERROR "tas_add_suite(${name}): PROFILE '${profile}' does not exist")
    endif()
  else()
    get_property(profile GLOBAL PROPERTY TAS_DEFAULT_PROFILE)
  endif()
  set(agent_tiers ${ARG_TIERS})
  list(REMOVE_ITEM agent_tiers unit)
  if(agent_tiers AND NOT profile)
    list(JOIN agent_tiers " and " agent_list)
    message(FATAL_ERROR "tas_add_suite(${name}): the ${agent_list} tier(s) deploy an agent, and "
                        "no PROFILE was given: pass PROFILE <your agent's profile.json>, or build "
                        "test-as-self with its reference agent (TAS_BUILD_EXAMPLES=ON).")
  endif()
  set(profile_args "")
  if(profile)
    set(profile_args "--tas-profile=${profile}")
  endif()

  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE TestAsSelf::fixtures_main ${ARG_LIBRARIES})
  # test-as-self's warning set for its own suites only: a consumer's flags are its own.
  if(PROJECT_NAME STREQUAL "test-as-self" AND COMMAND tas_enable_warnings)
    tas_enable_warnings(${name})
  endif()

  foreach(tier IN LISTS ARG_TIERS)
    set(properties LABELS ${tier} ENVIRONMENT TAS_TIER=${tier} TIMEOUT ${ctest_timeout})
    if(tier STREQUAL "live")
      list(APPEND properties RESOURCE_LOCK tas-live-bot)
    endif()
    gtest_discover_tests(${name}
      TEST_PREFIX "${tier}/"
      EXTRA_ARGS --tas-deadline-s=${ARG_DEADLINE_S} --tas-report-dir=${TAS_REPORT_DIR}/${tier}
                 --tas-state-dir=${TAS_TEST_STATE_DIR} ${profile_args}
      PROPERTIES ${properties}
      # Each test run by ctest also writes GoogleTest's JUnit XML, where every phase of a SelfTest
      # is a <property> (status, duration, detail): ctest's own --output-junit keeps only output.
      XML_OUTPUT_DIR ${TAS_REPORT_DIR}/${tier}/junit
      DISCOVERY_TIMEOUT 30)
  endforeach()
endfunction()
