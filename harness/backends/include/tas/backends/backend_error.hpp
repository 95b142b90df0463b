#pragma once

#include <stdexcept>
#include <string>

namespace tas {

// A backend could not do what was asked (a drop that does not exist, a file that cannot be
// written, an endpoint that does not answer): the expected way for a step to fail. The message
// says what was attempted and what happened. Thrown out of any step, it fails that step with the
// message as its detail (the engine catches it for every step); a step catches it itself only to
// add what it knows, such as which call failed or the evidence gathered so far.
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tas
