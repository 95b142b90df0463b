# The CMake package: `cmake --install` puts the CLI, the fake Telegram (and the fake LLM), the
# libraries with their headers, tas_add_suite and the package files under the prefix, so that
# another project's
#
#   find_package(TestAsSelf CONFIG REQUIRED)
#   tas_add_suite(my_agent_tests SOURCES my_agent_test.cpp PROFILE my_agent/profile.json)
#
# works against the installed prefix exactly as it does with FetchContent or add_subdirectory. The
# targets are TestAsSelf::<name> either way (TestAsSelf::fixtures, TestAsSelf::harness, ...).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TAS_INSTALL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/TestAsSelf)
set(TAS_INSTALL_DATA_DIR ${CMAKE_INSTALL_DATADIR}/test-as-self)

# Every library a suite links, directly or as a static library's link dependency.
set(tas_package_libraries
  core backends evidence http_server secret_drop judge engine tiers harness
  fake_telegram embedded_telegram mocks fixtures fixtures_main)
foreach(name IN LISTS tas_package_libraries)
  set_target_properties(tas_${name} PROPERTIES EXPORT_NAME ${name})
  add_library(TestAsSelf::${name} ALIAS tas_${name})
  list(APPEND tas_package_targets tas_${name})
endforeach()
set(tas_package_programs test-as-self fake-telegram fake-llm)
foreach(program IN LISTS tas_package_programs)
  add_executable(TestAsSelf::${program} ALIAS ${program})
endforeach()

install(TARGETS ${tas_package_targets} ${tas_package_programs}
  EXPORT TestAsSelfTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
# Each layer's public headers are its include/ folder (tas/<layer>/...); they merge into one tree.
foreach(include_dir
    harness/core/include harness/backends/include harness/evidence/include
    harness/http_server/include harness/secret_drop/include harness/judge/include
    harness/engine/include harness/tiers/include
    mocks/include mocks/fake_telegram/include mocks/embedded_telegram/include fixtures/include)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${include_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

install(EXPORT TestAsSelfTargets NAMESPACE TestAsSelf:: DESTINATION ${TAS_INSTALL_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/TestAsSelfConfig.cmake.in
  ${PROJECT_BINARY_DIR}/TestAsSelfConfig.cmake
  INSTALL_DESTINATION ${TAS_INSTALL_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR TAS_INSTALL_DATA_DIR)
# 0.x releases may change the interface from one minor version to the next.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/TestAsSelfConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/TestAsSelfConfig.cmake
  ${PROJECT_BINARY_DIR}/TestAsSelfConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/TestAsSelf.cmake
  DESTINATION ${TAS_INSTALL_CMAKE_DIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
