# tas_crashes_stay_signals(<target>): a program that crashes on purpose keeps dying by its signal
# (and may dump core) when the build uses AddressSanitizer, whose own handlers would change both.
function(tas_crashes_stay_signals target)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/sources/crashes_stay_signals.cpp)
endfunction()
