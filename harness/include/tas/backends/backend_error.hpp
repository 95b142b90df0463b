#pragma once

#include <stdexcept>
#include <string>

namespace tas {

// A backend could not do what was asked (a drop that does not exist, a file that cannot be
// written, an endpoint that does not answer). The message says what was attempted and what
// happened; the step that called turns it into its failure detail.
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tas
