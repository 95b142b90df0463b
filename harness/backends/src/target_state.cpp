#include <tas/backends/deployer.hpp>

namespace tas {

std::string_view to_string(TargetState state) {
  switch (state) {
    case TargetState::missing:
      return "missing";
    case TargetState::empty_directory:
      return "empty-directory";
    case TargetState::earlier_kept_run:
      return "earlier-kept-run";
    case TargetState::occupied:
      return "occupied";
    case TargetState::not_a_directory:
      return "not-a-directory";
  }
  return "unknown";
}

}  // namespace tas
