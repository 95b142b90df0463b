#pragma once

#include <string>

#include <tas/backends/backend_error.hpp>

namespace tas::secret_drop {

// What the Secret Drop store refused or could not do. It is a BackendError, so step 1 reports it
// as its failure detail. Its message names the drop, the file, what was expected, what was seen
// and what to do — never a stored value.
class SecretStoreError : public BackendError {
 public:
  enum class Kind {
    invalid,    // the caller's input: a malformed ID, a blank or oversized value, a bad label
    not_found,  // no drop with that ID (or no such field in it)
    unsafe,     // a file or directory that others could read, or that is not the user's own
    broken,     // a store file that is not what the store writes
    io,         // the file system refused (a full disk, a missing permission)
  };

  SecretStoreError(Kind kind, const std::string& message) : BackendError(message), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace tas::secret_drop
