#include <tas/core/version.hpp>

namespace tas {

std::string_view version() {
  return TAS_VERSION;
}

}  // namespace tas
