#pragma once

#include <string>
#include <string_view>

#include <tas/core/deadline.hpp>
#include <tas/core/secret.hpp>

namespace tas {

class ProgressSink;

// Where step 1 gets the bot token (docs/secret-drop.md): a Secret Drop store, or an agent-hosted
// Secret Drop.
class SecretSource {
 public:
  virtual ~SecretSource() = default;
  // The secret stored under `drop_id`. Throws BackendError when there is none or it cannot be
  // read safely.
  virtual Secret retrieve(std::string_view drop_id) = 0;
  // Opens a one-time request titled `title`, shows its URL through `progress`, and blocks until
  // it is submitted or `deadline` passes (BackendError), or a signal arrives (BackendError).
  virtual Secret request(std::string_view title, const Deadline& deadline,
                         ProgressSink& progress) = 0;
  // One line for the report: which store or server this is (never a secret).
  [[nodiscard]] virtual std::string describe() const = 0;
};

}  // namespace tas
