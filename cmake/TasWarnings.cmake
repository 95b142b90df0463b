# tas_enable_warnings(<target>) turns on the warning set every target of this project builds with.
function(tas_enable_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wnon-virtual-dtor)
  if(TAS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
