#pragma once

#include <string_view>

namespace tas::schema_detail {

// The schema file's text, generated from docs/schemas/ at build time (cmake/TasEmbedSchemas.cmake);
// empty for an unknown name.
[[nodiscard]] std::string_view embedded_schema_text(std::string_view file_name);

}  // namespace tas::schema_detail
