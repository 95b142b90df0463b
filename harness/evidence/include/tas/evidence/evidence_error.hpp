#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace tas {

// Evidence that does not have the shape its step writes: a key missing (or renamed), or a value
// of the wrong type. It names the key as a JSON pointer into the step's evidence, so a gate that
// refuses the evidence says which key to look at: "/lease/decision is missing".
class EvidenceError : public std::runtime_error {
 public:
  EvidenceError(std::string pointer, std::string problem);

  // "/lease/decision"; empty when the problem is the evidence itself.
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  // "is missing", "is a string, expected a boolean".
  [[nodiscard]] const std::string& problem() const { return problem_; }

  // The same problem seen from one level up: `key` (an object's key or an array's index) is put
  // in front of the pointer.
  [[nodiscard]] EvidenceError within(std::string_view key) const;

 private:
  std::string pointer_;
  std::string problem_;
};

}  // namespace tas
