#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tas/http_server/form_data.hpp>

namespace tas::secret_drop::detail {

// An application/x-www-form-urlencoded body, decoded. Its values may be secrets: they are wiped
// when it goes away, and a malformed body leaves no half-decoded value behind.
class FormBody {
 public:
  // nullopt when `body` is not well-formed (a bad %-escape, a field without a name).
  [[nodiscard]] static std::optional<FormBody> parse(std::string_view body);

  FormBody() = default;
  ~FormBody();
  FormBody(FormBody&& other) noexcept = default;
  FormBody& operator=(FormBody&& other) noexcept = default;
  FormBody(const FormBody&) = delete;
  FormBody& operator=(const FormBody&) = delete;

  // The value of the first field called `name`, or null.
  [[nodiscard]] const std::string* find(std::string_view name) const;
  // How many fields are called `name`.
  [[nodiscard]] std::size_t count(std::string_view name) const;

 private:
  std::vector<http_server::FormField> fields_;
};

}  // namespace tas::secret_drop::detail
