#include <sys/prctl.h>

#include <tas/backends/subreaper.hpp>

namespace tas {

bool become_child_subreaper() {
  return ::prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) == 0;
}

bool is_child_subreaper() {
  int flag = 0;
  return ::prctl(PR_GET_CHILD_SUBREAPER, &flag, 0L, 0L, 0L) == 0 && flag != 0;
}

}  // namespace tas
