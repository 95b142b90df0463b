#pragma once

#include <string>
#include <string_view>

namespace tas {

// A secret value (a bot token) held in memory only. It has no stream operator and no implicit
// conversion, so it cannot reach a log line or a report by accident: reading it takes an explicit
// `reveal()`, which is easy to find in review. The buffer is wiped when the secret goes away.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  [[nodiscard]] std::string_view reveal() const { return value_; }
  [[nodiscard]] bool empty() const { return value_.empty(); }
  [[nodiscard]] std::size_t size() const { return value_.size(); }
  // SHA-256 hex of the value: what may be shown, stored and compared instead of the value.
  [[nodiscard]] std::string sha256() const;

 private:
  void wipe() noexcept;
  std::string value_;
};

}  // namespace tas
