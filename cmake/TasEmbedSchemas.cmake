# Writes a C++ source that holds each JSON Schema of docs/schemas/ as a string literal, so the
# loaders validate against exactly the files the documentation links: one source of truth. Run at
# build time (cmake -P) whenever a schema changes:
#
#   cmake -DOUTPUT=<file.cpp> -DSCHEMAS=<a.json;b.json> -P TasEmbedSchemas.cmake
set(delimiter "tas_schema")
set(entries "")
foreach(schema IN LISTS SCHEMAS)
  file(READ "${schema}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${schema} contains the raw string's delimiter ')${delimiter}\"'")
  endif()
  get_filename_component(name "${schema}" NAME)
  string(APPEND entries "    {\"${name}\", R\"${delimiter}(${text})${delimiter}\"},\n")
endforeach()
set(source "// Generated at build time from docs/schemas/*.json by cmake/TasEmbedSchemas.cmake.
// Edit the schemas there, not this file.
#include \"embedded_schemas.hpp\"

#include <utility>

namespace tas::schema_detail {

std::string_view embedded_schema_text(std::string_view file_name) {
  static constexpr std::pair<std::string_view, std::string_view> kSchemas[] = {
${entries}  };
  for (const auto& [name, text] : kSchemas) {
    if (name == file_name) return text;
  }
  return {};
}

}  // namespace tas::schema_detail
")
# Rewritten only when it changes, so an unrelated build step does not recompile it.
file(WRITE "${OUTPUT}.new" "${source}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
