#pragma once

#include <string>
#include <string_view>

namespace tas::secret_drop::detail {

// The five characters that matter in HTML text and attribute values: & < > " '.
[[nodiscard]] std::string html_escape(std::string_view text);

// The one-time form: titled with `label`, one masked input "value", the hidden "csrf" input and a
// submit button; `message` (plain text) above the form when the last submission was refused.
[[nodiscard]] std::string form_page(std::string_view label, std::string_view id,
                                    std::string_view csrf, std::string_view message = {});

// A page that only says something: the success page and every error page.
[[nodiscard]] std::string message_page(std::string_view title, std::string_view text);

}  // namespace tas::secret_drop::detail
