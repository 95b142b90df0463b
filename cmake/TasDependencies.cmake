# Every dependency comes from the system (Debian packages); nothing is downloaded at build time.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(CLI11 2 REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(CURL REQUIRED)
find_package(PkgConfig REQUIRED)
# Boost.Asio and Boost.Beast (header-only) under the servers the harness runs: Debian's 1.81.
find_package(Boost 1.81 CONFIG REQUIRED)
# Debian ships cpp-httplib as a compiled library described by pkg-config only; the pc file carries
# the feature defines the library was built with, which every includer must see identically.
pkg_check_modules(CPPHTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)

# The fixtures (GoogleTest fixtures for the steps) are part of the product.
find_package(GTest 1.12 REQUIRED)
# google-benchmark is found in bench/, and only when there is a benchmark to build.

# valijson (header-only) validates the profile and the configurations against docs/schemas/. It
# is used inside tas_core only, behind $<BUILD_INTERFACE:…>: the installed static libraries do not
# ask a consumer for it.
find_package(valijson CONFIG REQUIRED)
